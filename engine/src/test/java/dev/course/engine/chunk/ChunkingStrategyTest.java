package dev.course.engine.chunk;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChunkingStrategyTest {

    private static final Document DOC = new Document("d", "Title",
            "The first sentence is here. The second one follows it closely. A third ends the text.", "src");

    @Test
    void fixedWindowsCutAnywhereAndKeepTheirSpans() {
        List<Chunk> chunks = new FixedWindowChunker(30, 0).chunk(DOC);
        assertEquals(3, chunks.size());
        assertEquals("The first sentence is here. Th", chunks.get(0).text(), "cut at 30 characters, mid-word");
        for (Chunk c : chunks) {
            assertEquals(c.text(), DOC.text().substring(c.span().start(), c.span().end()));
            assertEquals("d", c.documentId());
        }
        assertEquals(DOC.text().length(), chunks.getLast().span().end());
    }

    @Test
    void overlappingWindowsRepeatTheirOverlap() {
        List<Chunk> chunks = new FixedWindowChunker(30, 10).chunk(DOC);
        assertEquals(20, chunks.get(1).span().start());
        assertTrue(chunks.get(0).text().endsWith(chunks.get(1).text().substring(0, 10)));
    }

    @Test
    void sentenceChunksEndAtSentenceEndsWhereFixedWindowsDoNot() {
        var sentences = new Chunker(40, 0).chunk(DOC);
        assertTrue(sentences.stream().allMatch(c -> c.text().endsWith(".")), sentences.toString());
        assertTrue(new FixedWindowChunker(40, 0).chunk(DOC).stream().anyMatch(c -> !c.text().endsWith(".")));
    }

    @Test
    void wholeDocumentsAreOneChunkEach() {
        assertEquals(List.of(Chunk.whole(DOC)), ChunkingStrategy.WHOLE.chunkAll(List.of(DOC)));
        assertEquals("whole documents", ChunkingStrategy.WHOLE.describe());
        assertEquals("sentences, at most 700 chars, 120 overlap", new Chunker(700, 120).describe());
        assertEquals("fixed windows of 300 chars", new FixedWindowChunker(300, 0).describe());
    }

    @Test
    void badSizesAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new FixedWindowChunker(10, 0));
        assertThrows(IllegalArgumentException.class, () -> new FixedWindowChunker(100, 50));
    }
}
