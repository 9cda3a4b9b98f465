package dev.course.engine.eval;

import dev.course.engine.chunk.Document;

import java.util.List;
import java.util.Objects;

/**
 * A test collection: documents, queries and judgements, as read by {@link CranfieldReader} or
 * {@link BeirReader}.
 */
public record Dataset(String name, List<Document> documents, List<EvalQuery> queries, Qrels qrels) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        documents = List.copyOf(documents);
        queries = List.copyOf(queries);
        Objects.requireNonNull(qrels, "qrels");
    }

    /** The same collection with only the first {@code n} queries (for quick runs). */
    public Dataset firstQueries(int n) {
        return new Dataset(name + " (first " + n + " queries)", documents, queries.subList(0, Math.min(n, queries.size())), qrels);
    }
}
