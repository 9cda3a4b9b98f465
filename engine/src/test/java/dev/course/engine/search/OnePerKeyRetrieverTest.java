package dev.course.engine.search;

import dev.course.engine.chunk.Chunk;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.course.engine.search.FixedRanking.hit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OnePerKeyRetrieverTest {

    private static final List<Hit> HITS = List.of(hit("Object#wait()", 9), hit("Object#wait(long)", 8),
            hit("Thread#join()", 7), hit("Object#wait(long,int)", 6), hit("CountDownLatch#await()", 5),
            hit("Thread#join(long)", 4));

    /**
     * A page of three: the second and third overloads of wait move down to just after the page, in
     * their order, and the latch's await, fifth before, is on it; nothing is dropped.
     */
    @Test
    void repeatedKeysLeaveTheFirstPageButStayInTheRanking() {
        var retriever = new OnePerKeyRetriever(first(), chunk -> memberOf(chunk.documentId()), 3, "member");
        SearchResults results = retriever.search("q", 6);
        assertEquals(List.of("Object#wait()", "Thread#join()", "CountDownLatch#await()", "Object#wait(long)",
                "Object#wait(long,int)", "Thread#join(long)"), results.documentIds());
        assertEquals("first > one-member-per-3", retriever.name());
    }

    /** The moved hits' scores are lowered to the hit above them, so the list still reads best first. */
    @Test
    void scoresStillReadBestFirst() {
        SearchResults results = new OnePerKeyRetriever(first(), chunk -> memberOf(chunk.documentId()), 3, "member")
                .search("q", 6);
        for (int i = 1; i < results.size(); i++) {
            assertTrue(results.get(i).score() <= results.get(i - 1).score(), results.toString());
        }
        assertEquals(5f, results.get(3).score(), "wait(long), 8 before, now under the latch's 5");
        assertEquals(4f, results.get(5).score(), "join(long) was already last: its own score");
    }

    /** Fewer hits asked for than the page holds: the page is still built from the whole ranking. */
    @Test
    void aShortAnswerIsTheTopOfTheReorderedPage() {
        SearchResults results = new OnePerKeyRetriever(first(), chunk -> memberOf(chunk.documentId()), 10, "member")
                .search("q", 3);
        assertEquals(List.of("Object#wait()", "Thread#join()", "CountDownLatch#await()"), results.documentIds());
    }

    @Test
    void aPageOfNothingIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new OnePerKeyRetriever(first(), Chunk::documentId, 0, "id"));
    }

    private static String memberOf(String id) {
        int paren = id.indexOf('(');
        return paren < 0 ? id : id.substring(0, paren);
    }

    private static Retriever first() {
        return new FixedRanking(HITS);
    }
}
