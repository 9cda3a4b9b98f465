package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Another retriever's candidates, scored by a prior alone: a number each document has whatever the
 * query, such as how much the code around it uses its type. Alone it is a poor ranking; as one list
 * of a weighted fusion ({@link HybridRetriever#weighted}) it lets the everyday answer win among
 * candidates that match about equally well, with a weight chosen on development queries.
 */
public final class PriorRetriever implements Retriever {

    private final Retriever candidates;
    private final ToDoubleFunction<Chunk> priorOfDocument;
    private final String priorName;

    /**
     * @param candidates      what to rescore: its top {@link HybridRetriever#DEFAULT_DEPTH} for the query
     * @param priorOfDocument the prior of a hit's chunk (its document id, or what its text says, e.g. deprecated)
     * @param priorName       what the prior is, for {@link #name()}
     */
    public PriorRetriever(Retriever candidates, ToDoubleFunction<Chunk> priorOfDocument, String priorName) {
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.priorOfDocument = Objects.requireNonNull(priorOfDocument, "priorOfDocument");
        this.priorName = Objects.requireNonNull(priorName, "priorName");
    }

    @Override
    public String name() {
        return priorName + "(" + candidates.name() + ")";
    }

    @Override
    public SearchResults search(String query, int k) {
        SearchResults found = candidates.search(query, Math.max(k, HybridRetriever.DEFAULT_DEPTH));
        var rescored = new ArrayList<Hit>();
        for (Hit hit : found.hits()) {
            rescored.add(hit.withScore((float) priorOfDocument.applyAsDouble(hit.chunk())));
        }
        rescored.sort(Comparator.comparingDouble(Hit::score).reversed()); // stable: ties keep the candidates' order
        return new SearchResults(query, name(), List.copyOf(rescored.subList(0, Math.min(k, rescored.size()))));
    }
}
