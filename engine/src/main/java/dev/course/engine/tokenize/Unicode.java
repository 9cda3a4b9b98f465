package dev.course.engine.tokenize;

/**
 * The character classes BERT tokenisation relies on, spelled out as Hugging Face's tokenizers
 * define them (which is not always how {@link Character} does).
 */
final class Unicode {

    private Unicode() {
    }

    /**
     * Unicode's White_Space property (Rust's {@code char::is_whitespace}). Unlike
     * {@link Character#isWhitespace} it counts no-break spaces as whitespace.
     */
    static boolean isWhitespace(int cp) {
        return switch (cp) {
            case '\t', '\n', 0x0B, 0x0C, '\r', ' ', 0x85, 0xA0, 0x1680, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true;
            default -> cp >= 0x2000 && cp <= 0x200A;
        };
    }

    /**
     * Control, format, surrogate, private-use or unassigned ("C*" categories), except tab, newline
     * and carriage return, which count as whitespace instead.
     */
    static boolean isOther(int cp) {
        if (cp == '\t' || cp == '\n' || cp == '\r') {
            return false;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
                 Character.UNASSIGNED -> true;
            default -> false;
        };
    }

    /**
     * BERT's punctuation: every ASCII punctuation or symbol character (so {@code $ + < = > ^ ` | ~}
     * count, although Unicode calls them symbols) and every Unicode "P*" category.
     */
    static boolean isPunctuation(int cp) {
        if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.CONNECTOR_PUNCTUATION, Character.DASH_PUNCTUATION, Character.START_PUNCTUATION,
                 Character.END_PUNCTUATION, Character.INITIAL_QUOTE_PUNCTUATION,
                 Character.FINAL_QUOTE_PUNCTUATION, Character.OTHER_PUNCTUATION -> true;
            default -> false;
        };
    }

    /**
     * The CJK Unified Ideograph blocks that BERT pads with spaces. This is the exact list from the
     * original BERT code; Hangul, kana and CJK punctuation are deliberately not in it.
     */
    static boolean isChineseIdeograph(int cp) {
        return (cp >= 0x4E00 && cp <= 0x9FFF)
                || (cp >= 0x3400 && cp <= 0x4DBF)
                || (cp >= 0x20000 && cp <= 0x2A6DF)
                || (cp >= 0x2A700 && cp <= 0x2B73F)
                || (cp >= 0x2B740 && cp <= 0x2B81F)
                || (cp >= 0x2B920 && cp <= 0x2CEAF)
                || (cp >= 0xF900 && cp <= 0xFAFF)
                || (cp >= 0x2F800 && cp <= 0x2FA1F);
    }
}
