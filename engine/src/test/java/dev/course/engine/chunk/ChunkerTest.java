package dev.course.engine.chunk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkerTest {

    static String longText() {
        var sb = new StringBuilder();
        for (int i = 0; i < 40; i++) {
            sb.append("Sentence number ").append(i).append(" talks about retrieval and ranking. ");
        }
        return sb.toString();
    }

    @Test
    void shortDocumentsStayWhole() {
        var doc = new Document("d", "T", "Short text.", "src");
        List<Chunk> chunks = Chunker.DEFAULT.chunk(doc);
        assertEquals(1, chunks.size());
        assertEquals(new Span(0, 11), chunks.getFirst().span());
        assertEquals("d", chunks.getFirst().id());
    }

    @Test
    void everyChunkPointsBackToItsSpanInTheDocument() {
        var doc = new Document("long", "Title", longText(), "src");
        List<Chunk> chunks = new Chunker(300, 60).chunk(doc);
        assertTrue(chunks.size() > 5);
        for (Chunk c : chunks) {
            assertEquals(doc.text().substring(c.span().start(), c.span().end()), c.text());
            assertTrue(c.text().length() <= 300);
            assertEquals("long", c.documentId());
            assertEquals("Title", c.title());
        }
        assertTrue(chunks.getLast().span().end() >= doc.text().trim().length(), "the end of the text is covered");
    }

    @Test
    void chunksEndAtSentencesAndOverlap() {
        var doc = new Document("long", "", longText(), "src");
        List<Chunk> chunks = new Chunker(300, 60).chunk(doc);
        for (int i = 0; i < chunks.size() - 1; i++) {
            assertTrue(chunks.get(i).text().endsWith("."), "ends at a sentence: " + chunks.get(i).text());
            assertTrue(chunks.get(i + 1).span().start() < chunks.get(i).span().end(), "consecutive chunks overlap");
        }
    }

    @Test
    void validatesItsParameters() {
        assertThrows(IllegalArgumentException.class, () -> new Chunker(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new Chunker(100, 50));
        assertThrows(IllegalArgumentException.class, () -> new Chunk("c", "d", "", "abc", "", new Span(0, 2)));
    }
}
