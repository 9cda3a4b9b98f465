package dev.course.engine.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;

/**
 * BERT's tokenizer, read from a Hugging Face {@code tokenizer.json}: it turns text into the token
 * ids an encoder such as all-MiniLM-L6-v2 or bge-small-en-v1.5 was trained on.
 *
 * <p>The pipeline, one class per step:
 * <ol>
 *   <li>special tokens written literally in the text (say {@code [SEP]}) are kept whole;
 *   <li>{@link BertNormalizer}: clean, space out CJK ideographs, strip accents, lowercase;
 *   <li>{@link BertPreTokenizer}: split into words at whitespace and punctuation;
 *   <li>{@link WordPiece}: cut each word into the longest known pieces;
 *   <li>truncate to the caller's maximum length and frame with {@code [CLS] ... [SEP]}.
 * </ol>
 * The ids are the same as Hugging Face's own (Rust) tokenizer gives, which the tests check.
 *
 * <p>The {@code truncation} and {@code padding} sections of the JSON are deliberately ignored:
 * the MiniLM file pads and truncates everything to 128 tokens, a choice of whoever exported it, not
 * of the model, whose window is 512. Here the caller chooses the maximum length (default
 * {@link #DEFAULT_MAX_LENGTH}), and padding is the batching code's job.
 */
public final class WordPieceTokenizer {

    /** The window of BERT-style encoders: 512 positions, including [CLS] and [SEP]. */
    public static final int DEFAULT_MAX_LENGTH = 512;

    private final BertNormalizer normalizer;
    private final BertPreTokenizer preTokenizer = new BertPreTokenizer();
    private final WordPiece wordPiece;
    private final Token cls;
    private final Token sep;
    private final int padId;
    /** Special tokens matched verbatim in the raw text, longest first. */
    private final List<Token> literalSpecials;

    public WordPieceTokenizer(BertNormalizer normalizer, WordPiece wordPiece, String clsToken, String sepToken,
                              String padToken, List<String> literalSpecialTokens) {
        this.normalizer = Objects.requireNonNull(normalizer, "normalizer");
        this.wordPiece = Objects.requireNonNull(wordPiece, "wordPiece");
        Vocabulary vocab = wordPiece.vocabulary();
        this.cls = special(vocab, clsToken);
        this.sep = special(vocab, sepToken);
        this.padId = special(vocab, padToken).id();
        this.literalSpecials = literalSpecialTokens.stream()
                .map(t -> special(vocab, t))
                .sorted(Comparator.comparingInt((Token t) -> t.text().length()).reversed())
                .toList();
    }

    private static Token special(Vocabulary vocab, String token) {
        int id = vocab.id(token);
        if (id < 0) {
            throw new IllegalArgumentException("the vocabulary lacks the special token " + token);
        }
        return new Token(id, token, 0, 0);
    }

    /** Reads a tokenizer.json from the classpath, e.g. {@code "all-minilm-l6-v2-tokenizer.json"}. */
    public static WordPieceTokenizer fromClasspath(String resource) {
        try (InputStream in = WordPieceTokenizer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no resource " + resource + " on the classpath");
            }
            return fromJson(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Reads a tokenizer.json file. */
    public static WordPieceTokenizer fromFile(Path tokenizerJson) throws IOException {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new IllegalArgumentException("no tokenizer.json at " + tokenizerJson.toAbsolutePath());
        }
        try (InputStream in = Files.newInputStream(tokenizerJson)) {
            return fromJson(in);
        }
    }

    /**
     * Builds the tokenizer that a Hugging Face tokenizer.json describes. Only BERT WordPiece
     * tokenizers (BertNormalizer, BertPreTokenizer, WordPiece model, [CLS]/[SEP] template) are
     * supported; anything else is refused with a message rather than tokenised wrongly.
     */
    public static WordPieceTokenizer fromJson(InputStream json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json);
        JsonNode model = root.path("model");
        if (!"WordPiece".equals(model.path("type").asText())) {
            throw new IllegalArgumentException("not a WordPiece tokenizer: model.type = " + model.path("type"));
        }
        var ids = new HashMap<String, Integer>();
        model.path("vocab").properties().forEach(e -> ids.put(e.getKey(), e.getValue().asInt()));
        var vocabulary = new Vocabulary(ids);
        var wordPiece = new WordPiece(vocabulary,
                model.path("unk_token").asText("[UNK]"),
                model.path("continuing_subword_prefix").asText("##"),
                model.path("max_input_chars_per_word").asInt(WordPiece.DEFAULT_MAX_INPUT_CHARS_PER_WORD));

        JsonNode norm = root.path("normalizer");
        if (!norm.isMissingNode() && !norm.isNull() && !"BertNormalizer".equals(norm.path("type").asText())) {
            throw new IllegalArgumentException("unsupported normalizer " + norm.path("type"));
        }
        boolean lowercase = norm.path("lowercase").asBoolean(true);
        JsonNode strip = norm.path("strip_accents");
        var normalizer = new BertNormalizer(
                norm.path("clean_text").asBoolean(true),
                norm.path("handle_chinese_chars").asBoolean(true),
                strip.isBoolean() ? strip.asBoolean() : lowercase,
                lowercase);

        var literal = new ArrayList<String>();
        for (JsonNode added : root.path("added_tokens")) {
            if (added.path("special").asBoolean() && !added.path("normalized").asBoolean()) {
                literal.add(added.path("content").asText());
            }
        }
        return new WordPieceTokenizer(normalizer, wordPiece, "[CLS]", "[SEP]", "[PAD]", literal);
    }

    public Vocabulary vocabulary() {
        return wordPiece.vocabulary();
    }

    public int padId() {
        return padId;
    }

    /** Tokens of {@code text} without [CLS]/[SEP] and without any length limit. */
    public List<Token> tokenize(String text) {
        Objects.requireNonNull(text, "text");
        var tokens = new ArrayList<Token>();
        int from = 0;
        while (from <= text.length()) {
            int[] match = nextSpecial(text, from);
            int to = match == null ? text.length() : match[0];
            tokenizePlain(text, from, to, tokens);
            if (match == null) {
                break;
            }
            Token special = literalSpecials.get(match[1]);
            tokens.add(new Token(special.id(), special.text(), to, to + special.text().length()));
            from = to + special.text().length();
        }
        return tokens;
    }

    private void tokenizePlain(String text, int from, int to, List<Token> out) {
        if (from >= to) {
            return;
        }
        NormalizedText normalized = normalizer.normalize(NormalizedText.of(text, from, to));
        for (BertPreTokenizer.Word word : preTokenizer.split(normalized)) {
            out.addAll(wordPiece.split(normalized, word));
        }
    }

    /** The leftmost special token written in {@code text} at or after {@code from}: {position, index}. */
    private int[] nextSpecial(String text, int from) {
        int[] best = null;
        for (int i = 0; i < literalSpecials.size(); i++) {
            int at = text.indexOf(literalSpecials.get(i).text(), from);
            if (at >= 0 && (best == null || at < best[0])) {
                best = new int[] {at, i};
            }
        }
        return best;
    }

    /** Encodes {@code text} for an encoder with the default 512-token window. */
    public Encoding encode(String text) {
        return encode(text, DEFAULT_MAX_LENGTH);
    }

    /**
     * Encodes {@code text} as {@code [CLS] tokens [SEP]}, keeping at most {@code maxLength} tokens
     * in all: the end of a longer text is cut off and {@link Encoding#truncatedTokens()} says how
     * much.
     */
    public Encoding encode(String text, int maxLength) {
        requireRoom(maxLength, 2);
        List<Token> content = tokenize(text);
        int keep = Math.min(content.size(), maxLength - 2);
        return frame(content.subList(0, keep), content.size() - keep);
    }

    /** {@code [CLS] content [SEP]}: for callers that cut their own windows out of {@link #tokenize}. */
    public Encoding frame(List<Token> content, int truncatedTokens) {
        var tokens = new ArrayList<Token>(content.size() + 2);
        tokens.add(cls);
        tokens.addAll(content);
        tokens.add(sep);
        return new Encoding(tokens, new long[tokens.size()], truncatedTokens);
    }

    /**
     * Encodes a pair, as cross-encoders read (query, passage): {@code [CLS] a [SEP] b [SEP]}, with
     * type id 0 for the first part and 1 for the second. Too long a pair loses tokens from the
     * longer side first (Hugging Face's "longest first" strategy).
     */
    public Encoding encodePair(String first, String second, int maxLength) {
        requireRoom(maxLength, 3);
        List<Token> a = tokenize(first);
        List<Token> b = tokenize(second);
        int budget = maxLength - 3;
        int keepA = a.size();
        int keepB = b.size();
        if (keepA + keepB > budget) {
            boolean swapped = keepA > keepB;
            int shorter = Math.min(keepA, keepB);
            int longer = shorter > budget ? shorter : Math.max(shorter, budget - shorter);
            if (shorter + longer > budget) {
                shorter = budget / 2;
                longer = shorter + budget % 2;
            }
            keepA = swapped ? longer : shorter;
            keepB = swapped ? shorter : longer;
        }
        var tokens = new ArrayList<Token>(keepA + keepB + 3);
        tokens.add(cls);
        tokens.addAll(a.subList(0, keepA));
        tokens.add(sep);
        int firstSegment = tokens.size();
        tokens.addAll(b.subList(0, keepB));
        tokens.add(sep);
        long[] types = new long[tokens.size()];
        java.util.Arrays.fill(types, firstSegment, types.length, 1L);
        return new Encoding(tokens, types, (a.size() - keepA) + (b.size() - keepB));
    }

    private static void requireRoom(int maxLength, int specials) {
        if (maxLength < specials + 1) {
            throw new IllegalArgumentException("maxLength must leave room for " + specials
                    + " special tokens and at least one more, got " + maxLength);
        }
    }

    /** The word pieces of a text as strings, for a quick look: {@code tokenize("Tokenizers!")}. */
    public List<String> pieces(String text) {
        return tokenize(text).stream().map(Token::text).toList();
    }
}
