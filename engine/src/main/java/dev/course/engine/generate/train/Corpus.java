package dev.course.engine.generate.train;

import dev.course.engine.corpus.FolderCorpus;
import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.generate.bpe.BpeTrainer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Text to train on, as documents joined by {@link BpeTrainer#END_OF_TEXT}:
 *
 * <ul>
 *   <li>{@code lessons}: the course's own Markdown, packaged on the class path under {@code course/};</li>
 *   <li>{@code jdk}: the Javadoc and public declarations of {@code java.lang}, {@code java.util} and
 *       friends, read from the JDK's {@code lib/src.zip};</li>
 *   <li>a folder: the files {@link FolderCorpus} reads (Markdown, text and Java), whole.</li>
 * </ul>
 * Several can be combined with commas: {@code lessons,jdk} (the default).
 */
public final class Corpus {

    /** The default: the course text and JDK documentation. */
    public static final String DEFAULT = "lessons,jdk";
    /** At most this many characters from the JDK (enough for minutes of training). */
    public static final int JDK_MAX_CHARS = 3_000_000;
    /** At most this many characters from a folder. */
    public static final int FOLDER_MAX_CHARS = 5_000_000;
    /** Packages of {@code java.base} whose documentation is used, in this order. */
    static final List<String> JDK_PACKAGES = List.of("java/lang/", "java/util/", "java/io/", "java/nio/file/",
            "java/time/", "java/net/", "java/math/", "java/text/");

    private static final String SEPARATOR = "\n" + BpeTrainer.END_OF_TEXT + "\n";

    private Corpus() {
    }

    /** The text named by {@code spec}: {@code lessons}, {@code jdk}, a folder, or several joined by commas. */
    public static String load(String spec) {
        List<String> parts = new ArrayList<>();
        for (String name : spec.split(",")) {
            parts.add(switch (name.strip()) {
                case "lessons" -> lessons();
                case "jdk" -> jdk(Path.of(System.getProperty("java.home")));
                default -> folder(Path.of(name.strip()));
            });
        }
        return String.join(SEPARATOR, parts);
    }

    /** The lesson Markdown on the class path, whole files in course order ({@link LessonsCorpus#files()}). */
    public static String lessons() {
        if (!LessonsCorpus.available()) {
            throw new IllegalStateException("the lessons are not on the class path (course/index.txt is missing); "
                    + "run from the course application, or train on a folder instead: --corpus lessons/content");
        }
        return String.join(SEPARATOR, LessonsCorpus.packaged().files().stream().map(LessonsCorpus.LessonFile::markdown).toList());
    }

    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/\\s*([^;{]*)", Pattern.DOTALL);

    /**
     * Javadoc comments with the declaration each one documents, from the public classes of a few
     * core packages: the prose of the JDK, in a form like "Returns the length of this string. ... public int length()".
     */
    public static String jdk(Path javaHome) {
        Path zip = javaHome.resolve("lib/src.zip");
        if (!Files.exists(zip)) {
            throw new IllegalStateException("no JDK sources at " + zip + "; install the JDK's src.zip (for example the "
                    + "openjdk-25-source package) or train on lessons or a folder");
        }
        var out = new StringBuilder();
        try (ZipFile file = new ZipFile(zip.toFile())) {
            for (String pkg : JDK_PACKAGES) {
                List<? extends ZipEntry> entries = file.stream()
                        .filter(e -> e.getName().startsWith("java.base/" + pkg) && e.getName().endsWith(".java"))
                        .filter(e -> e.getName().indexOf('/', ("java.base/" + pkg).length()) < 0)   // not sub-packages
                        .sorted(java.util.Comparator.comparing(ZipEntry::getName)).toList();
                for (ZipEntry entry : entries) {
                    if (out.length() > JDK_MAX_CHARS) {
                        return out.toString();
                    }
                    String source = new String(file.getInputStream(entry).readAllBytes(), StandardCharsets.UTF_8);
                    String doc = documentation(source);
                    if (!doc.isBlank()) {
                        out.append(doc).append(SEPARATOR);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /** Each public declaration's Javadoc as plain prose, followed by the declaration. */
    static String documentation(String source) {
        var out = new StringBuilder();
        Matcher m = JAVADOC.matcher(source);
        while (m.find()) {
            String declaration = m.group(2).strip().replaceAll("\\s+", " ").replaceAll("@\\w+(\\([^)]*\\))? ", "");
            if (!declaration.startsWith("public ")) {
                continue;
            }
            var prose = new StringBuilder();
            for (String line : m.group(1).lines().toList()) {
                String l = line.strip().replaceFirst("^\\*\\s?", "");
                if (l.startsWith("@")) {
                    break;                               // the tags block: @param, @return, @since ...
                }
                prose.append(l).append('\n');
            }
            String text = prose.toString().replaceAll("<[^>]+>", "").replaceAll("\\{@\\w+ ([^}]*)}", "$1")
                    .replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&").strip();
            if (!text.isEmpty()) {
                out.append(text).append('\n').append(declaration).append("\n\n");
            }
        }
        return out.toString();
    }

    /** The files {@link FolderCorpus} reads under {@code dir}, whole, in path order. */
    public static String folder(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("no such folder: " + dir + " (the corpus is lessons, jdk, or a folder)");
        }
        var out = new StringBuilder();
        for (Path file : new FolderCorpus(dir).files()) {
            if (out.length() > FOLDER_MAX_CHARS) break;
            out.append(FolderCorpus.read(file)).append(SEPARATOR);
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException(dir + " has no " + String.join(", ", FolderCorpus.FILE_TYPES.stream().sorted()
                    .map(type -> "." + type).toList()) + " files to train on");
        }
        return out.toString();
    }
}
