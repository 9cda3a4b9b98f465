package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Another retriever's ranking with a first page that shows each key once: a hit whose key (for the
 * JDK, the member's name without its parameters) is already on the page moves down to just after
 * it, in its order, and the next hit takes its place. Overloads of one member are near-duplicates
 * ({@code Object#wait()}, {@code wait(long)}, {@code wait(long,int)} share almost every word and
 * vector dimension), and three of them can fill a page that another, different answer could have
 * shared. Nothing is dropped: the hits only change places, and their scores are lowered where needed
 * so that they still read best first.
 */
public final class OnePerKeyRetriever implements Retriever {

    private final Retriever retriever;
    private final Function<Chunk, String> key;
    private final int page;
    private final String keyName;

    /**
     * @param retriever the ranking to reorder: its top {@link HybridRetriever#DEFAULT_DEPTH} (or k, if
     *                  more) for the query
     * @param key       what must not repeat on the first page, of a hit's chunk
     * @param page      how many hits the first page holds
     * @param keyName   what the key is, for {@link #name()}
     */
    public OnePerKeyRetriever(Retriever retriever, Function<Chunk, String> key, int page, String keyName) {
        if (page < 1) {
            throw new IllegalArgumentException("page must be at least 1, got " + page);
        }
        this.retriever = Objects.requireNonNull(retriever, "retriever");
        this.key = Objects.requireNonNull(key, "key");
        this.page = page;
        this.keyName = Objects.requireNonNull(keyName, "keyName");
    }

    @Override
    public String name() {
        return retriever.name() + " > one-" + keyName + "-per-" + page;
    }

    @Override
    public SearchResults search(String query, int k) {
        List<Hit> found = retriever.search(query, Math.max(k, HybridRetriever.DEFAULT_DEPTH)).hits();
        var firstPage = new ArrayList<Hit>();
        var repeated = new ArrayList<Hit>();
        var seen = new HashSet<String>();
        int next = 0;
        for (; next < found.size() && firstPage.size() < page; next++) {
            Hit hit = found.get(next);
            (seen.add(key.apply(hit.chunk())) ? firstPage : repeated).add(hit);
        }
        var order = new ArrayList<Hit>(firstPage);
        order.addAll(repeated);
        order.addAll(found.subList(next, found.size()));
        var hits = new ArrayList<Hit>();
        float ceiling = Float.POSITIVE_INFINITY;
        for (Hit hit : order.subList(0, Math.min(k, order.size()))) {
            ceiling = Math.min(ceiling, hit.score());
            hits.add(hit.score() > ceiling ? hit.withScore(ceiling) : hit);
        }
        return new SearchResults(query, name(), hits);
    }
}
