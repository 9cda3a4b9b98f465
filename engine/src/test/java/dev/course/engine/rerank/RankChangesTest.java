package dev.course.engine.rerank;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.search.Hit;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RankChangesTest {

    static SearchResults ranking(String method, String... ids) {
        return new SearchResults("q", method, java.util.Arrays.stream(ids)
                .map(id -> new Hit(Chunk.whole(new Document(id, "title " + id, "text", "")), 1, -1)).toList());
    }

    @Test
    void movesAreCountedAndDrawn() {
        var changes = new RankChanges(ranking("first", "a", "b", "c"), ranking("second", "c", "a", "d"), 3, Set.of("c"));
        assertEquals(2, changes.moved("c"), "c went from 3 to 1");
        assertEquals(-1, changes.moved("a"));
        assertNull(changes.moved("b"), "b left the top 3");
        MimeBundle bundle = changes.render();
        String svg = bundle.data().get(MimeBundle.SVG);
        assertEquals(4, svg.split("<line").length - 1, "one line per chunk in either list");
        assertTrue(svg.contains("#0072b2") && svg.contains("#d55e00"), "up and down lines");
        assertTrue(bundle.data().get(MimeBundle.TEXT).contains("yes"), "c is marked relevant");
    }

    @Test
    void longPipelineNamesAreWrappedInsideTheChart() {
        String hybrid = "rrf(bm25, dense-hnsw(all-MiniLM-L6-v2))";
        String reranked = "rrf(rrf(bm25, dense-hnsw(all-MiniLM-L6-v2)), maxsim(all-MiniLM-L6-v2)@30)";
        for (String name : List.of(hybrid, reranked)) {
            List<String> lines = RankChanges.headerLines(name);
            assertTrue(lines.size() <= 2 && lines.stream().allMatch(l -> l.length() <= RankChanges.HEADER_LINE_CHARS), lines.toString());
        }
        assertEquals(List.of("rrf(bm25,", "dense-hnsw(all-MiniLM-L6-v2))"), RankChanges.headerLines(hybrid), "broken after the comma");
        String svg = new RankChanges(ranking(hybrid, "a", "b"), ranking(reranked, "b", "a"), 2, Set.of()).render().data().get(MimeBundle.SVG);
        assertTrue(svg.contains(">dense-hnsw(all-MiniLM-L6-v2))</text>"), svg);
    }
}
