package dev.course.engine.generate.bpe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Learns a byte-level BPE vocabulary from text. Start with the 256 bytes; count every adjacent pair
 * of tokens inside the words of the corpus; the most frequent pair becomes a new token (a "merge");
 * repeat until the vocabulary is big enough. Frequent words end up as single tokens, rare words as
 * a few pieces, and nothing is ever out of vocabulary.
 */
public final class BpeTrainer {

    /** The end-of-text token our trained models use between documents. */
    public static final String END_OF_TEXT = "<|endoftext|>";

    private BpeTrainer() {
    }

    /** What training produced: the vocabulary (GPT-2 character form) and the merges in order. */
    public record Vocabulary(String[] tokens, String[] merges) {

        /** A tokenizer over this vocabulary; the last token is {@link #END_OF_TEXT}. */
        public ByteLevelBpeTokenizer tokenizer() {
            int end = tokens.length - 1;
            var control = new java.util.BitSet();
            control.set(end);
            return new ByteLevelBpeTokenizer(tokens, merges, PreTokenizer.GPT2,
                    new SpecialTokens(end, end, false, control, new int[]{end}));
        }
    }

    /**
     * Trains on {@code text} until the vocabulary has {@code vocabularySize} tokens (256 bytes,
     * the merges, and {@link #END_OF_TEXT} last), or no pair occurs twice.
     */
    public static Vocabulary train(String text, int vocabularySize) {
        if (vocabularySize < 257) {
            throw new IllegalArgumentException("the vocabulary needs at least 257 tokens (256 bytes and end-of-text)");
        }
        List<String> tokens = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            tokens.add(String.valueOf(ByteUnicode.charOf(b)));
        }
        Map<String, Integer> wordCounts = new HashMap<>();
        for (String word : PreTokenizer.GPT2.split(text.replace(END_OF_TEXT, "\n"))) {
            wordCounts.merge(word, 1, Integer::sum);
        }
        List<int[]> words = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();
        wordCounts.forEach((word, count) -> {
            byte[] utf8 = word.getBytes(StandardCharsets.UTF_8);
            int[] symbols = new int[utf8.length];
            for (int i = 0; i < utf8.length; i++) {
                symbols[i] = utf8[i] & 0xFF;
            }
            words.add(symbols);
            counts.add(count);
        });
        List<String> merges = new ArrayList<>();
        while (tokens.size() < vocabularySize - 1) {
            Map<Long, Integer> pairCounts = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] symbols = words.get(w);
                for (int i = 0; i + 1 < symbols.length; i++) {
                    pairCounts.merge(pair(symbols[i], symbols[i + 1]), counts.get(w), Integer::sum);
                }
            }
            long best = -1;
            int bestCount = 1;
            for (var entry : pairCounts.entrySet()) {
                int c = entry.getValue();
                if (c > bestCount || (c == bestCount && best >= 0 && entry.getKey() < best)) {
                    best = entry.getKey();
                    bestCount = c;
                }
            }
            if (best < 0) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            int merged = tokens.size();
            tokens.add(tokens.get(left) + tokens.get(right));
            merges.add(tokens.get(left) + " " + tokens.get(right));
            for (int w = 0; w < words.size(); w++) {
                words.set(w, replace(words.get(w), left, right, merged));
            }
        }
        tokens.add(END_OF_TEXT);
        return new Vocabulary(tokens.toArray(String[]::new), merges.toArray(String[]::new));
    }

    private static long pair(int left, int right) {
        return ((long) left << 32) | right;
    }

    private static int[] replace(int[] symbols, int left, int right, int merged) {
        int n = 0;
        int[] out = null;
        for (int i = 0; i < symbols.length; i++) {
            if (i + 1 < symbols.length && symbols[i] == left && symbols[i + 1] == right) {
                if (out == null) {
                    out = new int[symbols.length - 1];
                    System.arraycopy(symbols, 0, out, 0, i);
                    n = i;
                }
                out[n++] = merged;
                i++;
            } else if (out != null) {
                out[n++] = symbols[i];
            }
        }
        return out == null ? symbols : java.util.Arrays.copyOf(out, n);
    }
}
