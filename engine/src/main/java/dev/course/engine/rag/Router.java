package dev.course.engine.rag;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Decides which of several sources should answer a question, before anything is searched: a question
 * about {@code HashMap} belongs to the JDK docs, one about attention to the lessons.
 */
public interface Router {

    /** A short name for the trace. */
    String name();

    /** The decision for {@code question} among {@code sources} (at least one). */
    Routing route(String question, List<KnowledgeSource> sources);

    /**
     * One source's score.
     *
     * @param source the source's name
     * @param score  how well it matches (cosine for the embedding router)
     */
    record Score(String source, double score) {
    }

    /**
     * A routing decision with its evidence.
     *
     * @param question the question routed
     * @param scores   every source's score, best first
     * @param chosen   the names of the chosen sources, best first
     * @param by       which router decided, and how
     */
    record Routing(String question, List<Score> scores, List<String> chosen, String by) implements Renderable {
        public Routing {
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(by, "by");
            scores = List.copyOf(scores);
            chosen = List.copyOf(chosen);
            if (chosen.isEmpty()) {
                throw new IllegalArgumentException("a routing decision must choose at least one source");
            }
        }

        /** The decision as a table: source, score, chosen. */
        public Table table() {
            var rows = new ArrayList<List<String>>();
            for (Score s : scores) {
                rows.add(List.of(s.source(), String.format(Locale.ROOT, "%.3f", s.score()),
                        chosen.contains(s.source()) ? "✔" : ""));
            }
            return new Table("routing by " + by, List.of("source", "score", "chosen"), rows);
        }

        @Override
        public MimeBundle render() {
            return table().render();
        }

        @Override
        public String toString() {
            return table().toString();
        }
    }
}
