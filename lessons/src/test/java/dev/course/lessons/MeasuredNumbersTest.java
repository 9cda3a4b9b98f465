package dev.course.lessons;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The project keeps its measured numbers in one place, {@code docs/measurements.md}; the READMEs and
 * ARCHITECTURE.md link to it. This test keeps it so: a README that quotes a latency, a throughput or
 * a score in the form benchmarks print it ("p95 372 ms", "109.7 tok/s", "nDCG@10 0.4570",
 * {@code "coverage":0.725}) must quote a value that {@code docs/measurements.md} has, and every link
 * to a section of that file must name a section it has.
 *
 * <p>Only those unmistakable forms are checked: a bare "50 ms" is as often a setting (an update
 * interval, a deadline) as a measurement, so it is left to review. Lessons are not checked: their
 * cells measure on the learner's machine.
 */
class MeasuredNumbersTest {

    private static final String NUMBER = "\\d+(?:,\\d{3})*(?:\\.\\d+)?";

    /** The forms in which the course's benchmarks and evaluations print what they measured. */
    private static final List<Pattern> MEASURED = List.of(
            Pattern.compile("\\bp(?:50|95|99) " + NUMBER + "(?: ?ms)?"),
            Pattern.compile(NUMBER + " ?(?:tok/s|tokens/s|sentences/s|sent/s|texts/s|queries per second|QPS)\\b"),
            Pattern.compile("\\b(?:nDCG@\\d+|MRR|MAP|[Rr]ecall@\\d+|R@\\d+) (?:of )?0\\.\\d+"),
            Pattern.compile("\"(?:citation_precision|coverage|abstention_accuracy|passage_recall|ms_per_question)\": ?" + NUMBER));

    private static final Pattern LINK_TO_SECTION = Pattern.compile("measurements\\.md#([a-z0-9-]+)");

    private static final Path ROOT = Path.of(System.getProperty("course.root", ".."));

    @Test
    void theReadmesQuoteOnlyNumbersThatTheMeasurementsFileHas() {
        String measurements = read(ROOT.resolve("docs/measurements.md"));
        assertEquals(List.of(), numbersMissingFrom(measurements, ROOT, readmes(ROOT)),
                "move each measured number to docs/measurements.md (date, machine, command, output) and link to it");
    }

    @Test
    void everyLinkToTheMeasurementsFileNamesOneOfItsSections() {
        Set<String> sections = sections(read(ROOT.resolve("docs/measurements.md")));
        List<String> broken = new ArrayList<>();
        for (Path readme : readmes(ROOT)) {
            Matcher link = LINK_TO_SECTION.matcher(read(readme));
            while (link.find()) {
                if (!sections.contains(link.group(1))) broken.add(ROOT.relativize(readme) + ": #" + link.group(1));
            }
        }
        assertEquals(List.of(), broken, "sections: " + sections);
    }

    @Test
    void aLatencyOrScoreMissingFromTheMeasurementsFileIsReported(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("engine"));
        Files.writeString(root.resolve("README.md"), "A room of 40: cell p95 372 ms, first cell p50 529 ms.\n");
        Files.writeString(root.resolve("engine/README.md"), """
                Setting: output is sent every 50 ms; recall@10, QPS of both.
                Q8_0 generation 109.7 tok/s; BM25 nDCG@10 0.3659.
                {"bench":"rag","citation_precision":0.773,"coverage":0.725}
                """);
        String measurements = "cell latency p95 372 ms; generation 109.7 tok/s; \"coverage\":0.725";

        assertEquals(List.of(
                        "README.md:1: p50 529 ms",
                        "engine/README.md:2: nDCG@10 0.3659",
                        "engine/README.md:3: \"citation_precision\":0.773"),
                numbersMissingFrom(measurements, root, readmes(root)));
    }

    @Test
    void sectionAnchorsFollowTheHeadingsAsGitHubWritesThem() {
        assertEquals(Set.of("search-quality", "indexing-and-nearest-neighbour-search", "ci-and-test-times", "bench-cell-after-issue-14"),
                sections("# Title\n## Search quality\ntext ## not a heading\n## Indexing and nearest-neighbour search\n"
                        + "## CI and test times\n## `bench cell` after issue 14\n### a sub-heading\n"));
    }

    /** README.md, ARCHITECTURE.md and each module's README.md: the documents that describe, not measure. */
    private static List<Path> readmes(Path root) {
        try (Stream<Path> modules = Files.list(root)) {
            Stream<Path> top = Stream.of(root.resolve("README.md"), root.resolve("ARCHITECTURE.md"));
            Stream<Path> inModules = modules.filter(Files::isDirectory).map(dir -> dir.resolve("README.md"));
            return Stream.concat(top, inModules).filter(Files::isRegularFile).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Each measured-looking quote of the given files that {@code measurements} lacks, as "file:line: quote" (file relative to root). */
    private static List<String> numbersMissingFrom(String measurements, Path root, List<Path> files) {
        String known = oneSpaced(measurements);
        List<String> missing = new ArrayList<>();
        for (Path file : files) {
            String shown = root.relativize(file).toString();
            List<String> lines = read(file).lines().toList();
            for (int i = 0; i < lines.size(); i++) {
                for (Pattern form : MEASURED) {
                    Matcher quote = form.matcher(lines.get(i));
                    while (quote.find()) {
                        if (!known.contains(oneSpaced(quote.group()))) missing.add(shown + ":" + (i + 1) + ": " + quote.group());
                    }
                }
            }
        }
        return missing;
    }

    /** The anchors GitHub gives the file's {@code ##} headings: lower case, punctuation dropped, spaces as hyphens. */
    private static Set<String> sections(String markdown) {
        return markdown.lines()
                .filter(line -> line.startsWith("## "))
                .map(line -> line.substring(3).strip().toLowerCase(Locale.ROOT)
                        .replaceAll("[^a-z0-9 -]", "")
                        .replace(' ', '-'))
                .collect(Collectors.toSet());
    }

    private static String oneSpaced(String text) {
        return text.replaceAll("\\s+", " ");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
