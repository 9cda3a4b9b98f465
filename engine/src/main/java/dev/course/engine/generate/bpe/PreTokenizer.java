package dev.course.engine.generate.bpe;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits text into words before BPE runs, so that merges never cross a word boundary: "the cat"
 * becomes "the", " cat". Models differ in the details (how digits group, whether case matters in
 * "'s"), so GGUF names the rule in {@code tokenizer.ggml.pre}.
 */
public enum PreTokenizer {

    /** GPT-2's pattern: also the one our own trained tokenizers use. */
    GPT2("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+"),
    /** Llama 3: numbers in groups of up to three, case-insensitive contractions. */
    LLAMA3("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** Qwen2: like Llama 3, but every digit is its own word. */
    QWEN2("(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+"),
    /** SmolLM: GPT-2's pattern with every digit on its own. */
    SMOLLM("'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    private final Pattern pattern;

    PreTokenizer(String regex) {
        this.pattern = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** The words of {@code text}, which concatenate back to it. */
    public List<String> split(String text) {
        List<String> words = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        int end = 0;
        while (m.find()) {
            if (m.start() > end) {
                words.add(text.substring(end, m.start()));   // never lose text the pattern skipped
            }
            words.add(m.group());
            end = m.end();
        }
        if (end < text.length()) {
            words.add(text.substring(end));
        }
        return words;
    }

    /** The rule for a GGUF {@code tokenizer.ggml.pre} value (GPT-2's for unknown names). */
    public static PreTokenizer forName(String name) {
        if (name == null) {
            return GPT2;
        }
        return switch (name) {
            case "llama-bpe", "llama3", "llama-v3", "smaug-bpe" -> LLAMA3;
            case "qwen2", "deepseek-llm" -> QWEN2;
            case "smollm" -> SMOLLM;
            case "gpt-2" -> GPT2;            // llama.cpp's name; it refuses "gpt2", which older engine files say
            default -> GPT2;
        };
    }
}
