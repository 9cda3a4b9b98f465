package dev.course.engine.rag;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;

/**
 * Assertions about an answer, run on every answer like unit tests run on code. None of them asks
 * whether the answer is <em>true</em>, which a program cannot know; they ask whether it is
 * <em>grounded</em>: whether every claim points at a source that was given, and whether what it
 * quotes is really there. A language model that invents a source number, misquotes, or answers
 * without citing anything is caught here, visibly.
 */
public final class GroundingChecks {

    private GroundingChecks() {
    }

    /**
     * One assertion's outcome.
     *
     * @param name   what was checked
     * @param passed whether it held
     * @param detail what was found, in words a learner can act on
     */
    public record Check(String name, boolean passed, String detail) {
    }

    /** All checks of one answer; {@link #flagged()} when any failed. Renders as a list of ✔ and ✘. */
    public record Report(List<Check> checks) implements Renderable {

        public Report {
            checks = List.copyOf(checks);
        }

        public boolean passed() {
            return checks.stream().allMatch(Check::passed);
        }

        /** True when the answer should not be trusted as it is. */
        public boolean flagged() {
            return !passed();
        }

        public List<Check> failures() {
            return checks.stream().filter(c -> !c.passed()).toList();
        }

        @Override
        public MimeBundle render() {
            var html = new StringBuilder("<ul class='rag-checks'>");
            var text = new StringBuilder();
            for (Check c : checks) {
                String mark = c.passed() ? "✔" : "✘";
                html.append("<li>").append(mark).append(' ').append(Table.escape(c.name())).append(": <small>")
                        .append(Table.escape(c.detail())).append("</small></li>");
                text.append(mark).append(' ').append(c.name()).append(": ").append(c.detail()).append('\n');
            }
            return MimeBundle.html(html.append("</ul>").toString(), text.toString().stripTrailing());
        }

        @Override
        public String toString() {
            return render().data().get(MimeBundle.TEXT);
        }
    }

    /** Runs every check on {@code answer}. */
    public static Report check(Answer answer) {
        var checks = new ArrayList<Check>();
        checks.add(markersReferToSources(answer));
        checks.add(quotesExist(answer));
        checks.add(quotedSpansExist(answer));
        checks.add(hasValidCitation(answer));
        checks.add(everySentenceCited(answer));
        return new Report(checks);
    }

    /** Every {@code [n]} in the text names a passage that was given. */
    public static Check markersReferToSources(Answer answer) {
        var unknown = new LinkedHashSet<Integer>();
        for (int n : CitationMarkers.numbers(answer.text())) {
            if (answer.source(n).isEmpty()) unknown.add(n);
        }
        for (Citation c : answer.citations()) {
            if (answer.source(c.n()).isEmpty()) unknown.add(c.n());
        }
        return new Check("every [n] refers to a given source", unknown.isEmpty(), unknown.isEmpty()
                ? "sources 1-" + answer.sources().size() + " were given"
                : "no source " + unknown + " was given (only 1-" + answer.sources().size() + ")");
    }

    /** Every citation's quote occurs, character for character, in the passage it names. */
    public static Check quotesExist(Answer answer) {
        var missing = new ArrayList<String>();
        for (Citation c : answer.citations()) {
            if (answer.source(c.n()).map(p -> !p.text().contains(c.quote())).orElse(true)) {
                missing.add("[" + c.n() + "] \"" + shorten(c.quote()) + "\"");
            }
        }
        return new Check("each citation's quote is in its source", missing.isEmpty(), missing.isEmpty()
                ? answer.citations().size() + " quotes found verbatim" : "not found: " + String.join("; ", missing));
    }

    /** Text the answer puts in quotation marks occurs in one of the sources it cites (or any source). */
    public static Check quotedSpansExist(Answer answer) {
        var missing = new ArrayList<String>();
        List<String> spans = CitationMarkers.quotedSpans(answer.text());
        for (String span : spans) {
            String wanted = normalise(span);
            boolean found = answer.sources().stream().anyMatch(p -> normalise(p.text()).contains(wanted));
            if (!found) missing.add("\"" + shorten(span) + "\"");
        }
        return new Check("quoted spans exist in the sources", missing.isEmpty(), spans.isEmpty() ? "nothing quoted"
                : missing.isEmpty() ? spans.size() + " quoted spans found" : "invented quotes: " + String.join("; ", missing));
    }

    /** An answer (not an abstention) cites at least one given source. */
    public static Check hasValidCitation(Answer answer) {
        if (answer.abstained()) {
            return new Check("the answer cites a source", true, "abstained, so nothing needs a source");
        }
        long valid = CitationMarkers.numbers(answer.text()).stream().filter(n -> answer.source(n).isPresent()).count();
        return new Check("the answer cites a source", valid > 0, valid > 0 ? valid + " valid citation markers"
                : "no valid citation: nothing in this answer can be traced to a source");
    }

    /** Every sentence of the answer carries a marker. */
    public static Check everySentenceCited(Answer answer) {
        if (answer.abstained()) {
            return new Check("every sentence carries a citation", true, "abstained");
        }
        var uncited = new ArrayList<String>();
        // a citation marker ends a sentence too: "... 32 and 8. [1] In the original ..."
        List<Sentences.Sentence> sentences = Sentences.split(answer.text().replaceAll("(\\[[\\d, ]+])\\s+(?=\\p{Lu})", "$1\n"));
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i).text();
            boolean cited = !CitationMarkers.numbers(s).isEmpty()
                    || (i + 1 < sentences.size() && sentences.get(i + 1).text().matches("^\\[\\d.*"));
            if (!cited && s.chars().filter(Character::isLetter).count() > 3 && !s.matches("^\\[[\\d, ]+][.]?$")) {
                uncited.add("\"" + shorten(s) + "\"");
            }
        }
        return new Check("every sentence carries a citation", uncited.isEmpty(), uncited.isEmpty()
                ? sentences.size() + " sentences, all cited" : "uncited: " + String.join("; ", uncited));
    }

    private static String normalise(String s) {
        return s.toLowerCase(Locale.ROOT).replace('’', '\'').replaceAll("\\s+", " ").strip();
    }

    private static String shorten(String s) {
        return s.length() <= 70 ? s : s.substring(0, 67) + "...";
    }
}
