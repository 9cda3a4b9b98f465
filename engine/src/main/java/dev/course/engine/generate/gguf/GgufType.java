package dev.course.engine.generate.gguf;

/**
 * The tensor element types a GGUF file can declare, with their ggml ids and block layout.
 *
 * <p>Quantized types store numbers in blocks: {@link #Q8_0} keeps 32 weights as one 16-bit scale and
 * 32 signed bytes (34 bytes instead of 128), {@link #Q4_0} keeps them as one scale and 32 four-bit
 * numbers (18 bytes). The "K-quants" ({@link #Q4_K}, {@link #Q5_K}, {@link #Q6_K}) group 256 weights
 * into a super-block whose sub-blocks carry small scales of their own, themselves quantized: they
 * are what the Q4_K_M, Q5_K_M and Q6_K files people download hold. The engine computes with the
 * types marked supported ({@link #SUPPORTED}); the others are named here only so that an error can
 * say exactly which type a file uses.
 */
public enum GgufType {
    F32(0, 1, 4, true),
    F16(1, 1, 2, true),
    Q4_0(2, 32, 18, true),
    Q4_1(3, 32, 20, false),
    Q5_0(6, 32, 22, false),
    Q5_1(7, 32, 24, false),
    Q8_0(8, 32, 34, true),
    Q8_1(9, 32, 36, false),
    Q2_K(10, 256, 84, false),
    Q3_K(11, 256, 110, false),
    Q4_K(12, 256, 144, true),
    Q5_K(13, 256, 176, true),
    Q6_K(14, 256, 210, true),
    Q8_K(15, 256, 292, false),
    I8(24, 1, 1, false),
    I16(25, 1, 2, false),
    I32(26, 1, 4, false),
    I64(27, 1, 8, false),
    F64(28, 1, 8, false),
    BF16(30, 1, 2, true);

    /** Elements per block in the quantized types. */
    public static final int QK = 32;
    /** Elements per super-block in the K-quants. */
    public static final int QK_K = 256;

    private final int id;
    private final int blockSize;
    private final int blockBytes;
    private final boolean supported;

    GgufType(int id, int blockSize, int blockBytes, boolean supported) {
        this.id = id;
        this.blockSize = blockSize;
        this.blockBytes = blockBytes;
        this.supported = supported;
    }

    /** The number ggml writes for this type. */
    public int id() {
        return id;
    }

    /** How many elements one block holds (1 for plain floats). */
    public int blockSize() {
        return blockSize;
    }

    /** How many bytes one block takes. */
    public int blockBytes() {
        return blockBytes;
    }

    /** Whether the engine can compute with tensors of this type. */
    public boolean supported() {
        return supported;
    }

    /** Bytes taken by {@code elements} elements; they must fill whole blocks. */
    public long bytesFor(long elements) {
        if (elements % blockSize != 0) {
            throw new IllegalArgumentException(name() + " stores " + blockSize + " elements per block, "
                    + elements + " is not a multiple");
        }
        return elements / blockSize * blockBytes;
    }

    /** The types the engine computes with, as a readable list for error messages ("F32, F16, ..."). */
    public static final String SUPPORTED = java.util.Arrays.stream(values()).filter(GgufType::supported)
            .map(Enum::name).collect(java.util.stream.Collectors.joining(", "));

    /** The type with ggml id {@code id}. */
    public static GgufType ofId(int id) {
        for (GgufType t : values()) {
            if (t.id == id) {
                return t;
            }
        }
        throw new GgufException("unknown tensor type id " + id + " (not a ggml type this engine knows)");
    }
}
