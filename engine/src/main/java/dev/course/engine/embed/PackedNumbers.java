package dev.course.engine.embed;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Arrays of numbers as Base64 text of their little-endian bytes: how a model request and its
 * answer carry token ids and hidden states inside a JSON message. A float takes 5.3 characters
 * this way, against 10-15 as a JSON number, and comes back bit for bit.
 */
public final class PackedNumbers {

    private PackedNumbers() {
    }

    public static String floats(float[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * @throws IllegalArgumentException when the text is not Base64 of exactly {@code count} floats
     */
    public static float[] floats(String base64, int count) {
        ByteBuffer bytes = decode(base64, count, Float.BYTES);
        float[] values = new float[count];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    /** Token ids as 32-bit integers (vocabularies are far below 2^31). */
    public static String ints(long[] values) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Integer.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long value : values) {
            bytes.putInt(Math.toIntExact(value));
        }
        return Base64.getEncoder().encodeToString(bytes.array());
    }

    /**
     * @throws IllegalArgumentException when the text is not Base64 of exactly {@code count} ints
     */
    public static long[] ints(String base64, int count) {
        ByteBuffer bytes = decode(base64, count, Integer.BYTES);
        long[] values = new long[count];
        for (int i = 0; i < count; i++) {
            values[i] = bytes.getInt();
        }
        return values;
    }

    private static ByteBuffer decode(String base64, int count, int width) {
        if (count < 0) {
            throw new IllegalArgumentException("negative count " + count);
        }
        // Checked before decoding, so that a lying count cannot make us allocate for it.
        long expectedChars = 4L * (((long) count * width + 2) / 3);
        if (base64 == null || base64.length() != expectedChars) {
            throw new IllegalArgumentException("expected Base64 of " + count + " values (" + expectedChars
                    + " characters), got " + (base64 == null ? "nothing" : base64.length() + " characters"));
        }
        byte[] raw = Base64.getDecoder().decode(base64);
        return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
    }
}
