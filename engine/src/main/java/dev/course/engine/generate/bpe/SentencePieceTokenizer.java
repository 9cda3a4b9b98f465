package dev.course.engine.generate.bpe;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * SentencePiece-style BPE (GGUF {@code tokenizer.ggml.model = "llama"}: Llama 2, TinyLlama, Mistral).
 * Spaces become '▁' and the text gets a leading one; the text starts as single characters, and the
 * adjacent pair whose joined string has the highest score in the vocabulary is merged, again and
 * again. Characters missing from the vocabulary fall back to byte tokens {@code <0xE2>}.
 */
public final class SentencePieceTokenizer implements Tokenizer {

    /** SentencePiece's visible space. */
    public static final char SPACE = '\u2581';

    private final String[] tokens;
    private final float[] scores;
    private final Map<String, Integer> ids = new HashMap<>();
    private final int[] byteTokens = new int[256];
    private final int[] byteOfToken;
    private final boolean addSpacePrefix;
    private final SpecialTokens special;
    private final SpecialSplitter splitter;

    public SentencePieceTokenizer(String[] tokens, float[] scores, int[] types, boolean addSpacePrefix, SpecialTokens special) {
        if (scores.length != tokens.length) {
            throw new IllegalArgumentException("a SentencePiece vocabulary needs one score per token");
        }
        this.tokens = tokens.clone();
        this.scores = scores.clone();
        this.addSpacePrefix = addSpacePrefix;
        this.special = special;
        java.util.Arrays.fill(byteTokens, -1);
        this.byteOfToken = new int[tokens.length];
        java.util.Arrays.fill(byteOfToken, -1);
        Map<String, Integer> specials = new HashMap<>();
        for (int i = 0; i < tokens.length; i++) {
            ids.putIfAbsent(tokens[i], i);
            if (tokens[i].length() == 6 && tokens[i].startsWith("<0x") && tokens[i].endsWith(">")) {
                int b = Integer.parseInt(tokens[i].substring(3, 5), 16);
                byteTokens[b] = i;
                byteOfToken[i] = b;
            }
            if (special.isControl(i) || (types != null && types[i] == 4)) {
                specials.put(tokens[i], i);
            }
        }
        this.splitter = new SpecialSplitter(specials);
    }

    @Override
    public int[] encode(String text) {
        List<Integer> out = new ArrayList<>();
        boolean[] first = {true};
        splitter.split(text, out::add, segment -> {
            String prefixed = (addSpacePrefix && first[0] ? " " : "") + segment;
            first[0] = false;
            encodeSegment(prefixed.replace(' ', SPACE), out);
        });
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    private void encodeSegment(String text, List<Integer> out) {
        List<String> parts = new ArrayList<>();
        text.codePoints().forEach(cp -> parts.add(new String(Character.toChars(cp))));
        while (parts.size() > 1) {
            int best = -1;
            float bestScore = Float.NEGATIVE_INFINITY;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer id = ids.get(parts.get(i) + parts.get(i + 1));
                if (id != null && scores[id] > bestScore) {
                    bestScore = scores[id];
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            parts.set(best, parts.get(best) + parts.get(best + 1));
            parts.remove(best + 1);
        }
        for (String part : parts) {
            Integer id = ids.get(part);
            if (id != null) {
                out.add(id);
            } else {
                for (byte b : part.getBytes(StandardCharsets.UTF_8)) {
                    int byteToken = byteTokens[b & 0xFF];
                    if (byteToken < 0) {
                        throw new IllegalArgumentException("'" + part + "' is not in the vocabulary and it has no byte tokens");
                    }
                    out.add(byteToken);
                }
            }
        }
    }

    @Override
    public byte[] bytes(int token) {
        if (byteOfToken[token] >= 0) {
            return new byte[]{(byte) byteOfToken[token]};
        }
        return tokens[token].replace(SPACE, ' ').getBytes(StandardCharsets.UTF_8);
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
