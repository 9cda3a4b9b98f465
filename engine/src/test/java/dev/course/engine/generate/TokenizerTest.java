package dev.course.engine.generate;

import dev.course.engine.generate.bpe.BpeTrainer;
import dev.course.engine.generate.bpe.ByteLevelBpeTokenizer;
import dev.course.engine.generate.bpe.PreTokenizer;
import dev.course.engine.generate.bpe.SentencePieceTokenizer;
import dev.course.engine.generate.bpe.SpecialTokens;
import dev.course.engine.generate.bpe.Utf8Stream;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.BitSet;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {

    @Test
    void trainedBpeLearnsFrequentWordsAndRoundTripsAnyText() {
        var vocab = BpeTrainer.train(RandomModelFile.TEXT.repeat(3), 320);
        ByteLevelBpeTokenizer tokenizer = vocab.tokenizer();
        assertEquals(320, tokenizer.vocabularySize());
        assertEquals(vocab.tokens().length - 256 - 1, vocab.merges().length, "one merge per learned token");
        int[] the = tokenizer.encode(" the");
        assertEquals(1, the.length, "' the' is frequent, so it became one token");
        for (String text : List.of("The cat sat.", "naïve café 🐈 x\ty\n\nz", "ünknown wörds ÿ", "")) {
            assertEquals(text, tokenizer.decode(tokenizer.encode(text)), "round trip of " + text);
        }
        assertTrue(tokenizer.encode("The cat sat on the mat.").length < "The cat sat on the mat.".length(),
                "merges make the text shorter than its bytes");
    }

    @Test
    void mergesApplyInTheirLearnedOrder() {
        // vocabulary: bytes, then "ab", then "abc"; and a competing "bc" learned later
        String[] tokens = new String[260];
        for (int b = 0; b < 256; b++) tokens[b] = String.valueOf(dev.course.engine.generate.bpe.ByteUnicode.charOf(b));
        tokens[256] = "ab";
        tokens[257] = "bc";
        tokens[258] = "abc";
        tokens[259] = "<|endoftext|>";
        var control = new BitSet();
        control.set(259);
        var special = new SpecialTokens(259, 259, false, control, new int[]{259});
        var tokenizer = new ByteLevelBpeTokenizer(tokens, new String[]{"a b", "b c", "ab c"}, PreTokenizer.GPT2, special);
        assertArrayEquals(new int[]{258}, tokenizer.encode("abc"), "a+b first (rank 0), then ab+c");
        assertArrayEquals(new int[]{'x', 257}, tokenizer.encode("xbc"));
        assertArrayEquals(new int[]{258, 259, 256}, tokenizer.encode("abc<|endoftext|>ab"), "special tokens are one id");
        assertEquals("abcab", tokenizer.decode(258, 259, 256), "special tokens are not printed");
    }

    @Test
    void preTokenizersSplitWordsAndKeepAllText() {
        assertEquals(List.of("Hello", ",", " world", "!!", " 12345"), PreTokenizer.GPT2.split("Hello, world!! 12345"));
        assertEquals(List.of("Hello", ",", " world", " ", "123", "45"), PreTokenizer.LLAMA3.split("Hello, world 12345"));
        assertEquals(List.of("a", " ", "1", "2"), PreTokenizer.QWEN2.split("a 12"));
    }

    @Test
    void sentencePieceMergesByScoreAndFallsBackToBytes() {
        String[] tokens = new String[3 + 256 + 4];
        float[] scores = new float[tokens.length];
        tokens[0] = "<unk>"; tokens[1] = "<s>"; tokens[2] = "</s>";
        for (int b = 0; b < 256; b++) tokens[3 + b] = String.format("<0x%02X>", b);
        int base = 3 + 256;
        tokens[base] = "▁"; tokens[base + 1] = "h"; tokens[base + 2] = "i"; tokens[base + 3] = "▁hi";
        scores[base + 3] = 5;
        var control = new BitSet();
        control.set(1);
        control.set(2);
        var tokenizer = new SentencePieceTokenizer(tokens, scores, null, true,
                new SpecialTokens(1, 2, true, control, new int[]{2}));
        // "▁hi" cannot be reached pair by pair from "▁", "h", "i" (no "▁h" or "hi"), so no merge applies
        int[] ids = tokenizer.encode("hi é");
        assertEquals("hi é", tokenizer.decode(ids).substring(1), "a leading space is added, é is spelt in bytes");
        assertEquals(4 + 2, ids.length, "'▁', 'h', 'i', '▁' and two bytes for é");
    }

    @Test
    void utf8StreamHoldsBackBrokenCharacters() {
        byte[] cat = "🐈".getBytes(StandardCharsets.UTF_8);
        var stream = new Utf8Stream();
        assertEquals("a", stream.push(new byte[]{'a', cat[0]}));
        assertEquals("", stream.push(new byte[]{cat[1], cat[2]}));
        assertEquals("🐈b", stream.push(new byte[]{cat[3], 'b'}));
        assertEquals("", stream.flush());
    }
}
