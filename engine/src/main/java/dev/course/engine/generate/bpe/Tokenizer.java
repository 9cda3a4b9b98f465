package dev.course.engine.generate.bpe;

/**
 * Text to token ids and back. Implementations recognise the vocabulary's special tokens (such as
 * {@code <|im_start|>}) written literally in the text, so a chat template can be encoded as text.
 */
public interface Tokenizer {

    /** The ids for {@code text}; no beginning-of-sequence token is added (see {@link SpecialTokens#addBos()}). */
    int[] encode(String text);

    /** The raw bytes a token stands for (a token may hold part of a UTF-8 character). */
    byte[] bytes(int token);

    /** The token's entry in the vocabulary, as stored (for display). */
    String piece(int token);

    int vocabularySize();

    SpecialTokens special();

    /** The text of a whole sequence of tokens; special tokens are left out. */
    default String decode(int... tokens) {
        var text = new Utf8Stream();
        var out = new StringBuilder();
        for (int token : tokens) {
            if (!special().isControl(token)) {
                out.append(text.push(bytes(token)));
            }
        }
        return out.append(text.flush()).toString();
    }

    /** A token as readable text: its bytes decoded, with invalid UTF-8 shown as hex (for figures). */
    default String display(int token) {
        byte[] b = bytes(token);
        String s = new String(b, java.nio.charset.StandardCharsets.UTF_8);
        if (s.indexOf('\uFFFD') >= 0) {
            var hex = new StringBuilder();
            for (byte x : b) {
                hex.append(String.format("<%02X>", x & 0xFF));
            }
            return hex.toString();
        }
        return s;
    }
}
