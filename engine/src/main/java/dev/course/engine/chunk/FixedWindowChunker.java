package dev.course.engine.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * The simplest chunker there is: windows of exactly {@code size} characters, each starting
 * {@code size - overlap} after the previous one, wherever that falls, in the middle of a word or a
 * sentence. It is here to be compared with {@link Chunker}, which ends chunks at sentence ends:
 * a sentence cut in two is harder to find and cannot be quoted whole.
 *
 * @param size    characters per window
 * @param overlap characters each window repeats from the previous one
 */
public record FixedWindowChunker(int size, int overlap) implements ChunkingStrategy {

    public FixedWindowChunker {
        if (size < 20) {
            throw new IllegalArgumentException("size must be >= 20, got " + size);
        }
        if (overlap < 0 || overlap >= size / 2) {
            throw new IllegalArgumentException("overlap must be in [0, size/2), got " + overlap);
        }
    }

    @Override
    public List<Chunk> chunk(Document document) {
        String text = document.text();
        if (text.length() <= size) {
            return List.of(Chunk.whole(document));
        }
        var chunks = new ArrayList<Chunk>();
        for (int start = 0; start < text.length(); start += size - overlap) {
            int end = Math.min(text.length(), start + size);
            chunks.add(new Chunk(document.id() + "#" + chunks.size(), document.id(), document.title(),
                    text.substring(start, end), document.source(), new Span(start, end)));
            if (end == text.length()) {
                break;
            }
        }
        return chunks;
    }

    @Override
    public String describe() {
        return "fixed windows of " + size + " chars" + (overlap == 0 ? "" : ", " + overlap + " overlap");
    }
}
