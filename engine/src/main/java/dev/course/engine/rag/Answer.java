package dev.course.engine.rag;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What an {@link Answerer} wrote, with everything needed to check it.
 *
 * @param text      the answer, with {@code [n]} markers after the claims they support
 * @param answerer  which answerer wrote it (the learner should always know)
 * @param abstained true when the answerer declined because the sources do not answer the question
 * @param sources   the passages it was given, numbered from 1
 * @param citations the spans of the sources that support the answer
 * @param note      why it abstained, or how it chose (may be empty)
 */
public record Answer(String text, String answerer, boolean abstained, List<Passage> sources, List<Citation> citations,
                     String note) implements Renderable {

    /** What an answerer says when the evidence is too weak. */
    public static final String ABSTAIN_TEXT = "The sources don't answer this.";

    public Answer {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(answerer, "answerer");
        Objects.requireNonNull(note, "note");
        sources = List.copyOf(sources);
        citations = List.copyOf(citations);
    }

    /** An abstention by {@code answerer}, saying why. */
    public static Answer abstain(String answerer, List<Passage> sources, String why) {
        return new Answer(ABSTAIN_TEXT, answerer, true, sources, List.of(), why);
    }

    /** Passage {@code n}, if it was given. */
    public java.util.Optional<Passage> source(int n) {
        return n >= 1 && n <= sources.size() ? java.util.Optional.of(sources.get(n - 1)) : java.util.Optional.empty();
    }

    /** The sources and citations as a table. */
    public Table sourceTable() {
        var rows = new ArrayList<List<String>>();
        for (Passage p : sources) {
            List<String> quotes = citations.stream().filter(c -> c.n() == p.n()).map(Citation::quote).toList();
            rows.add(List.of("[" + p.n() + "]", p.id(), quotes.isEmpty() ? "" : "cited: " + String.join(" | ", quotes),
                    p.text()));
        }
        return new Table("sources given to " + answerer, List.of("n", "id", "citation", "text"), rows);
    }

    @Override
    public MimeBundle render() {
        String head = (abstained ? "abstained" : "answer") + " (" + answerer + ")";
        String html = "<div class='rag-answer'><p><strong>" + Table.escape(head) + ":</strong> " + Table.escape(text)
                + "</p>" + (note.isEmpty() ? "" : "<p><small>" + Table.escape(note) + "</small></p>")
                + sourceTable().toHtml() + "</div>";
        return MimeBundle.html(html, head + ": " + text + (note.isEmpty() ? "" : "\n(" + note + ")") + "\n" + sourceTable());
    }

    @Override
    public String toString() {
        return render().data().get(MimeBundle.TEXT);
    }
}
