package dev.course.engine.generate.bpe;

/**
 * GPT-2's trick for byte-level BPE: every byte 0-255 gets a printable character, so tokens can be
 * stored as readable strings. Printable ASCII and Latin-1 bytes stand for themselves; the other 68
 * bytes (control characters, space, ...) map to code points from 256 up. A space is 'Ġ'.
 */
public final class ByteUnicode {

    private static final char[] BYTE_TO_CHAR = new char[256];
    private static final int[] CHAR_TO_BYTE = new int[512];

    static {
        java.util.Arrays.fill(CHAR_TO_BYTE, -1);
        int next = 256;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            char c = printable ? (char) b : (char) next++;
            BYTE_TO_CHAR[b] = c;
            CHAR_TO_BYTE[c] = b;
        }
    }

    private ByteUnicode() {
    }

    /** The character standing for byte {@code b}. */
    public static char charOf(int b) {
        return BYTE_TO_CHAR[b & 0xFF];
    }

    /** The string of characters standing for {@code bytes}. */
    public static String encode(byte[] bytes) {
        var out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            out.append(BYTE_TO_CHAR[b & 0xFF]);
        }
        return out.toString();
    }

    /** The bytes a token string stands for; characters outside the mapping are taken as UTF-8 text. */
    public static byte[] decode(String token) {
        var out = new java.io.ByteArrayOutputStream(token.length());
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (c < CHAR_TO_BYTE.length && CHAR_TO_BYTE[c] >= 0) {
                out.write(CHAR_TO_BYTE[c]);
            } else {
                out.writeBytes(String.valueOf(c).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return out.toByteArray();
    }
}
