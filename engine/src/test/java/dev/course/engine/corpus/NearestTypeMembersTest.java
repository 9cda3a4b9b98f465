package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Document;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.SearchResults;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The members of the type whose documentation is nearest to the query join the candidates, after them. */
class NearestTypeMembersTest {

    private static final String LATCH = "java.util.concurrent.CountDownLatch";
    private static final String TIMER = "javax.swing.Timer";

    private static Document doc(String id, String text) {
        return new Document(id, id, text, "u");
    }

    @Test
    void theNearestTypesMembersFollowTheCandidates() throws Exception {
        List<Document> documents = List.of(
                doc(LATCH, "public class CountDownLatch\nA synchronization aid that allows one or more threads to wait"
                        + " until a set of operations being performed in other threads completes."),
                doc(LATCH + "#await()", "public void await()\nCauses the current thread to block until the latch has"
                        + " counted down to zero."),
                doc(LATCH + "#countDown()", "public void countDown()\nDecrements the count of the latch."),
                doc(LATCH + "#getCount()", "public long getCount()\nReturns the current count."),
                doc(TIMER, "public class Timer\nFires one or more action events after a specified delay."),
                doc(TIMER + "#stop()", "public void stop()\nStops the timer, causing it to stop sending action events"
                        + " to its listeners."));
        EmbeddingModel model = EmbeddingModel.miniLm();
        try (ChunkIndex index = ChunkIndex.inMemory(documents.stream().map(Chunk::whole).toList(), model)) {
            var keywords = new Bm25Retriever(index);
            String query = "wait until several threads have finished";
            List<String> before = keywords.search(query, 100).documentIds();
            assertFalse(before.contains(LATCH + "#countDown()"), "keyword search alone misses it: " + before);

            SearchResults found = new NearestTypeMembers(keywords, index, model, 2).search(query, 10);
            List<String> ids = found.documentIds();
            assertEquals(before, ids.subList(0, before.size()), "the candidates first, in their order");
            assertTrue(ids.contains(LATCH), ids.toString());
            List<String> added = ids.subList(before.size(), ids.size());
            assertTrue(added.stream().allMatch(id -> id.equals(LATCH) || id.startsWith(LATCH + "#")),
                    "only the nearest type and its members are added: " + added);
            assertTrue(added.stream().filter(id -> id.startsWith(LATCH + "#")).count() <= 2, "at most 2 members: " + added);
            assertFalse(added.isEmpty(), "keyword search missed some of them, so some are added");
            assertEquals(0f, found.get(found.size() - 1).score(), "an added member has no score of its own");
        }
    }
}
