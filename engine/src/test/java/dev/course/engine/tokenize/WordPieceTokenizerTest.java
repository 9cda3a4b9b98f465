package dev.course.engine.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our tokenizer against Hugging Face's Rust tokenizer (through DJL) on awkward inputs. */
class WordPieceTokenizerTest {

    static final String MINILM = "all-minilm-l6-v2-tokenizer.json";
    static final String BGE = "bge-small-en-v1.5-q-tokenizer.json";

    static HuggingFaceTokenizer referenceMiniLm;
    static HuggingFaceTokenizer referenceBge;
    static WordPieceTokenizer miniLm;
    static WordPieceTokenizer bge;

    @BeforeAll
    static void load() throws Exception {
        referenceMiniLm = reference(MINILM);
        referenceBge = reference(BGE);
        miniLm = WordPieceTokenizer.fromClasspath(MINILM);
        bge = WordPieceTokenizer.fromClasspath(BGE);
    }

    static HuggingFaceTokenizer reference(String resource) throws Exception {
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(resource)) {
            return HuggingFaceTokenizer.newInstance(in, Map.of(
                    "padding", "false", "truncation", "true", "maxLength", "512"));
        }
    }

    @AfterAll
    static void close() {
        referenceMiniLm.close();
        referenceBge.close();
    }

    static Stream<String> awkwardTexts() {
        return Stream.of(
                "Hello, world!",
                "Semantic search finds meaning, not just matching words.",
                "Café crème brûlée — naïve résumé façade coöperate Ångström",
                "ÉCOLE Über STRASSE straße İstanbul ΣΊΣΥΦΟΣ",
                "don't stop-believing... (really?) [yes] {no} <maybe> $100 & 50% #tag @user a+b=c ^_^ `tick` ~tilde|pipe",
                "pneumonoultramicroscopicsilicovolcanoconiosis antidisestablishmentarianism",
                "a".repeat(100) + " " + "b".repeat(101) + " " + "ab".repeat(60),
                "unknown characters: \u2603 \u0F00 \uD834\uDD1E \u16A0\u16A1",
                "中文分词很有趣，日本語のテキストも。한국어 텍스트",
                "emoji 😀 🥰 🧑‍🚀 👍🏽 ❤️ 🫠 done",
                "  leading and trailing spaces   ",
                "tabs\tand\nnewlines\r\nand\u00A0no-break\u2003em-space\u3000ideographic",
                "zero\u200Bwidth\u200Djoiner\uFEFFbom soft\u00ADhyphen control\u0007bell \u0000nul \uFFFDreplacement",
                "numbers 3.14159 1,000,000 2nd 10km/h 1e-9",
                "URLs https://example.org/path?q=1&r=2 and e-mail someone@example.com",
                "[CLS] literal special tokens [SEP] and [MASK] and [cls]",
                "",
                "   ",
                "Ǆ ǅ ǆ ﬁ ﬂ Ⅻ ½ ² ℌ",
                "Ελληνικά Русский текст العربية עברית हिन्दी ไทย",
                "x".repeat(30) + "\u0301" + " combining accent at the end e\u0301",
                longText(700));
    }

    static String longText(int words) {
        var sb = new StringBuilder();
        String[] vocab = {"retrieval", "embeddings", "are", "dense", "vectors", "that", "capture", "meaning,",
                "and", "BM25", "counts", "terms;", "hybrid", "search", "combines", "both."};
        for (int i = 0; i < words; i++) {
            sb.append(vocab[i % vocab.length]).append(' ');
        }
        return sb.toString();
    }

    @ParameterizedTest
    @MethodSource("awkwardTexts")
    void idsMatchHuggingFaceForMiniLm(String text) {
        assertSameAsReference(referenceMiniLm, miniLm, text);
    }

    @ParameterizedTest
    @MethodSource("awkwardTexts")
    void idsMatchHuggingFaceForBge(String text) {
        assertSameAsReference(referenceBge, bge, text);
    }

    static void assertSameAsReference(HuggingFaceTokenizer reference, WordPieceTokenizer ours, String text) {
        var expected = reference.encode(text);
        Encoding actual = ours.encode(text, 512);
        assertEquals(Arrays.toString(expected.getTokens()), actual.tokenTexts().toString(), "tokens of: " + text);
        assertArrayEquals(expected.getIds(), actual.ids(), "ids of: " + text);
        assertArrayEquals(expected.getAttentionMask(), actual.attentionMask());
        assertArrayEquals(expected.getTypeIds(), actual.typeIds());
        var spans = expected.getCharTokenSpans();
        for (int i = 0; i < spans.length; i++) {
            if (spans[i] == null) {
                continue;
            }
            // Hugging Face counts code points; we count UTF-16 units so that String.substring works.
            int start = text.offsetByCodePoints(0, spans[i].getStart());
            int end = text.offsetByCodePoints(0, spans[i].getEnd());
            Token token = actual.tokens().get(i);
            assertEquals(start + "-" + end, token.start() + "-" + token.end(),
                    "span of token " + i + " '" + token.text() + "' in: " + text);
        }
    }

    @Test
    void truncatesToTheCallersLengthAndSaysHowMuch() {
        String text = longText(700);
        Encoding full = miniLm.encode(text, 512);
        assertEquals(512, full.length());
        assertTrue(full.wasTruncated());
        assertEquals("[CLS]", full.tokenTexts().getFirst());
        assertEquals("[SEP]", full.tokenTexts().getLast());

        Encoding short16 = miniLm.encode(text, 16);
        assertEquals(16, short16.length());
        assertEquals(full.tokenTexts().subList(0, 15), short16.tokenTexts().subList(0, 15));
        assertEquals(miniLm.tokenize(text).size() - 14, short16.truncatedTokens());

        Encoding fits = miniLm.encode("short text", 512);
        assertEquals(4, fits.length());
        assertEquals(0, fits.truncatedTokens());
    }

    @Test
    void ignoresTheFilesBuiltInPaddingAndTruncationAt128() {
        Encoding encoding = miniLm.encode(longText(300));
        assertTrue(encoding.length() > 128, "default window is the model's 512, not the file's 128");
        assertEquals(3, miniLm.encode("hi").length(), "no padding to a fixed length");
    }

    @Test
    void offsetsPointBackIntoTheOriginalText() {
        String text = "Naïve RÉSUMÉS, über-long!";
        List<Token> tokens = miniLm.tokenize(text);
        assertEquals(List.of("naive", "resume", "##s", ",", "uber", "-", "long", "!"),
                tokens.stream().map(Token::text).toList());
        assertEquals("Naïve", text.substring(tokens.get(0).start(), tokens.get(0).end()));
        assertEquals("RÉSUMÉ", text.substring(tokens.get(1).start(), tokens.get(1).end()));
        assertEquals("S", text.substring(tokens.get(2).start(), tokens.get(2).end()));
    }

    @Test
    void wordPieceCutsLongestFirstAndFallsBackToUnknown() {
        assertEquals(List.of("token", "##izer", "##s"), miniLm.pieces("tokenizers"));
        assertEquals(List.of("[UNK]"), miniLm.pieces("x".repeat(101)));
        assertEquals(List.of("[UNK]"), miniLm.pieces("\u2603"));
    }

    @Test
    void encodesPairsWithSegmentsAndLongestFirstTruncation() throws Exception {
        String query = "what is hybrid search";
        String passage = longText(200);
        Encoding pair = miniLm.encodePair(query, passage, 64);
        var expected = referenceMiniLmPair(query, passage, 64);
        assertArrayEquals(expected.getIds(), pair.ids());
        assertArrayEquals(expected.getTypeIds(), pair.typeIds());
    }

    static ai.djl.huggingface.tokenizers.Encoding referenceMiniLmPair(String a, String b, int max) throws Exception {
        try (InputStream in = WordPieceTokenizerTest.class.getClassLoader().getResourceAsStream(MINILM);
             var tokenizer = HuggingFaceTokenizer.newInstance(in, Map.of(
                     "padding", "false", "truncation", "true", "maxLength", String.valueOf(max)))) {
            return tokenizer.encode(a, b);
        }
    }

    @Test
    void refusesAWindowWithNoRoomForText() {
        assertThrows(IllegalArgumentException.class, () -> miniLm.encode("x", 2));
    }
}
