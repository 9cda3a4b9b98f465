package dev.course.engine.chunk;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts documents into overlapping chunks of at most {@code maxChars} characters, ending chunks at
 * sentence ends where it can, else at whitespace, and never losing the offsets.
 *
 * <p>Why chunk at all: an encoder reads at most 512 tokens, and one vector for a long document
 * blurs all its topics together; a hit on a paragraph is also more useful to a reader (and to a
 * RAG prompt) than a hit on a book. Why overlap: a sentence cut in two at a chunk border would
 * otherwise be findable in neither half.
 *
 * @param maxChars     the longest chunk, in characters (roughly 4 characters per token in English)
 * @param overlapChars how many characters of the previous chunk the next one repeats, at most
 */
public record Chunker(int maxChars, int overlapChars) implements ChunkingStrategy {

    /** About 250 tokens of English: well inside a 512-token window, about a paragraph. */
    public static final int DEFAULT_MAX_CHARS = 1000;
    /** About a sentence of overlap. */
    public static final int DEFAULT_OVERLAP_CHARS = 150;
    /** Chunks whose last sentence end falls in the last part of the window end there. */
    private static final double MIN_FILL = 0.5;

    public static final Chunker DEFAULT = new Chunker(DEFAULT_MAX_CHARS, DEFAULT_OVERLAP_CHARS);

    public Chunker {
        if (maxChars < 20) {
            throw new IllegalArgumentException("maxChars must be >= 20, got " + maxChars);
        }
        if (overlapChars < 0 || overlapChars >= maxChars / 2) {
            throw new IllegalArgumentException("overlapChars must be in [0, maxChars/2), got " + overlapChars);
        }
    }

    @Override
    public String describe() {
        return "sentences, at most " + maxChars + " chars" + (overlapChars == 0 ? "" : ", " + overlapChars + " overlap");
    }

    @Override
    public List<Chunk> chunk(Document document) {
        String text = document.text();
        if (text.length() <= maxChars) {
            return List.of(Chunk.whole(document));
        }
        var chunks = new ArrayList<Chunk>();
        int start = skipSpaces(text, 0);
        while (start < text.length()) {
            int end = start + maxChars >= text.length() ? text.length() : cutPoint(text, start);
            int trimmedEnd = trimEnd(text, start, end);
            chunks.add(new Chunk(document.id() + "#" + chunks.size(), document.id(), document.title(),
                    text.substring(start, trimmedEnd), document.source(), new Span(start, trimmedEnd)));
            if (end >= text.length()) {
                break;
            }
            start = skipSpaces(text, nextStart(text, start, end));
        }
        return chunks;
    }


    /** Where to end the chunk that starts at {@code start}: a sentence end, else a space, else the limit. */
    private int cutPoint(String text, int start) {
        int limit = start + maxChars;
        int minEnd = start + (int) (maxChars * MIN_FILL);
        for (int i = limit; i > minEnd; i--) {
            if (isSentenceEnd(text, i)) {
                return i;
            }
        }
        for (int i = limit; i > minEnd; i--) {
            if (Character.isWhitespace(text.charAt(i - 1))) {
                return i;
            }
        }
        return limit;
    }

    private static boolean isSentenceEnd(String text, int i) {
        char before = text.charAt(i - 1);
        return (before == '.' || before == '!' || before == '?' || before == '\n')
                && (i == text.length() || Character.isWhitespace(text.charAt(i)));
    }

    /** The next chunk starts up to {@code overlapChars} before {@code end}, at a word start. */
    private int nextStart(String text, int start, int end) {
        int from = Math.max(start + 1, end - overlapChars);
        for (int i = from; i < end; i++) {
            if (Character.isWhitespace(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return end;
    }

    private static int skipSpaces(String text, int i) {
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static int trimEnd(String text, int start, int end) {
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        return end;
    }
}
