package dev.course.engine.generate.bpe;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Byte-level BPE, as in GPT-2, SmolLM2, Qwen2.5 and Llama 3 (GGUF {@code tokenizer.ggml.model =
 * "gpt2"}). A word starts as its UTF-8 bytes, one token each; then the learned merges are applied,
 * always the highest-priority (earliest learned) pair first, until no learned pair is left. Any
 * text can be encoded: in the worst case, byte by byte.
 */
public final class ByteLevelBpeTokenizer implements Tokenizer {

    private final String[] tokens;
    private final Map<String, Integer> ids;
    private final Map<Long, Integer> mergeRank;
    private final PreTokenizer preTokenizer;
    private final SpecialTokens special;
    private final SpecialSplitter splitter;
    private final Map<String, int[]> wordCache = new ConcurrentHashMap<>();

    /**
     * @param tokens       the vocabulary, in GPT-2's byte-to-character form
     * @param merges       learned merges, highest priority first, each "left right"
     * @param preTokenizer how to split text into words
     * @param special      the special tokens
     */
    public ByteLevelBpeTokenizer(String[] tokens, String[] merges, PreTokenizer preTokenizer, SpecialTokens special) {
        this.tokens = tokens.clone();
        this.preTokenizer = preTokenizer;
        this.special = special;
        // Sized up front, and each token's bytes decoded only when it is printed (bytes(token)): this
        // runs before a fresh ./course generate's first token, while nothing is compiled yet.
        this.ids = HashMap.newHashMap(tokens.length);
        this.mergeRank = HashMap.newHashMap(merges.length);
        Map<String, Integer> specials = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
            if (special.isControl(i)) {
                specials.put(tokens[i], i);
            }
        }
        for (int b = 0; b < 256; b++) {
            if (!ids.containsKey(String.valueOf(ByteUnicode.charOf(b)))) {
                throw new IllegalArgumentException("a byte-level vocabulary needs all 256 bytes; byte " + b + " is missing");
            }
        }
        for (int rank = 0; rank < merges.length; rank++) {
            int space = merges[rank].indexOf(' ', 1);
            if (space < 0) {
                throw new IllegalArgumentException("merge " + rank + " is not 'left right': " + merges[rank]);
            }
            String leftText = merges[rank].substring(0, space);
            String rightText = merges[rank].substring(space + 1);
            Integer left = ids.get(leftText);
            Integer right = ids.get(rightText);
            if (left != null && right != null && ids.containsKey(leftText.concat(rightText))) {
                mergeRank.putIfAbsent(pair(left, right), rank);
            }
        }
        this.splitter = new SpecialSplitter(specials);
    }

    /**
     * The key of a merge. Both ids in one {@code long}, then multiplied by an odd constant (which keeps
     * distinct pairs distinct): {@link Long#hashCode} folds a long's halves together with XOR, so the
     * plain {@code left << 32 | right} hashed every pair to {@code left ^ right}, and a vocabulary whose
     * merges join low ids put tens of thousands of merges into a few hundred buckets.
     */
    private static long pair(int left, int right) {
        return (((long) left << 32) | (right & 0xFFFFFFFFL)) * 0x9E3779B97F4A7C15L;
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        splitter.split(text, out::add, segment -> {
            for (String word : preTokenizer.split(segment)) {
                for (int id : wordCache.computeIfAbsent(word, this::encodeWord)) {
                    out.add(id);
                }
            }
        });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** One word: bytes first, then merges by rank until none applies. */
    int[] encodeWord(String word) {
        byte[] utf8 = word.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Integer> parts = new ArrayList<>(utf8.length);
        for (byte b : utf8) {
            parts.add(ids.get(String.valueOf(ByteUnicode.charOf(b))));
        }
        while (parts.size() > 1) {
            int best = -1;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer rank = mergeRank.get(pair(parts.get(i), parts.get(i + 1)));
                if (rank != null && rank < bestRank) {
                    bestRank = rank;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            int merged = ids.get(tokens[parts.get(best)] + tokens[parts.get(best + 1)]);
            parts.set(best, merged);
            parts.remove(best + 1);
        }
        return parts.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public byte[] bytes(int token) {
        return special.isControl(token) ? tokens[token].getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : ByteUnicode.decode(tokens[token]);
    }

    @Override
    public String piece(int token) {
        return tokens[token];
    }

    @Override
    public int vocabularySize() {
        return tokens.length;
    }

    @Override
    public SpecialTokens special() {
        return special;
    }
}
