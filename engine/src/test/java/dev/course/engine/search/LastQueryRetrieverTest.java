package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class LastQueryRetrieverTest {

    /** The same query is searched once; another query, or more hits than remembered, is searched again. */
    @Test
    void theLastAnswerIsReusedForTheSameQueryOnly() {
        var asked = new ArrayList<String>();
        Retriever counting = new Retriever() {
            @Override
            public SearchResults search(String query, int k) {
                asked.add(query + "@" + k);
                var hits = new ArrayList<Hit>();
                for (int i = 0; i < k; i++) {
                    hits.add(new Hit(Chunk.whole(new Document(query + i, "t", "x", "")), k - i, i));
                }
                return new SearchResults(query, "counting", hits);
            }

            @Override
            public String name() {
                return "counting";
            }
        };
        var remembering = new LastQueryRetriever(counting);
        SearchResults first = remembering.search("a", 5);
        assertSame(first, remembering.search("a", 5));
        assertEquals(first.top(2).documentIds(), remembering.search("a", 2).documentIds());
        remembering.search("a", 8);
        remembering.search("b", 8);
        remembering.search("a", 8);
        assertEquals(List.of("a@5", "a@8", "b@8", "a@8"), asked);
        assertEquals("counting", remembering.name());
    }
}
