package dev.course.engine.rag;

import java.util.List;
import java.util.Objects;

/**
 * Turns a question as a person asks it (long, chatty, several questions at once) into the queries a
 * search engine answers well.
 */
public interface QueryRewriter {

    /** A short name for the trace. */
    String name();

    /** The queries to search for {@code question}, at least one. */
    Rewrite rewrite(String question);

    /**
     * The outcome of rewriting, kept in the trace so the learner sees what was really searched.
     *
     * @param question the question as asked
     * @param queries  what will be searched, at least one
     * @param by       which rewriter produced them
     */
    record Rewrite(String question, List<String> queries, String by) {
        public Rewrite {
            Objects.requireNonNull(question, "question");
            Objects.requireNonNull(by, "by");
            queries = List.copyOf(queries);
            if (queries.isEmpty()) {
                throw new IllegalArgumentException("a rewrite needs at least one query");
            }
        }
    }

    /** No rewriting: the question is the query. */
    QueryRewriter NONE = new QueryRewriter() {
        @Override
        public String name() {
            return "none";
        }

        @Override
        public Rewrite rewrite(String question) {
            return new Rewrite(question, List.of(question), name());
        }
    };
}
