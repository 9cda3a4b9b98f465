package dev.course.engine.generate.gguf;

import dev.course.engine.generate.tensor.Quantizer;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes GGUF version 3 files: the models this engine trains, and the small random models the tests
 * build. Collect metadata and tensors, then {@link #write(Path)}. Tensors are given as floats and
 * encoded in the requested type; shapes are given outermost first ({@code rows, cols}), as a Java
 * programmer thinks of them, and written innermost first, as GGUF wants.
 */
public final class GgufWriter {

    private record Entry(GgufValueType type, Object value) {
    }

    private record Tensor(String name, long[] ggufShape, GgufType type, MemorySegment bytes) {
    }

    private final Map<String, Entry> metadata = new LinkedHashMap<>();
    private final List<Tensor> tensors = new ArrayList<>();
    private final int alignment;

    public GgufWriter() {
        this(GgufFile.DEFAULT_ALIGNMENT);
    }

    public GgufWriter(int alignment) {
        if (alignment <= 0 || Integer.bitCount(alignment) != 1) {
            throw new IllegalArgumentException("alignment must be a power of two, got " + alignment);
        }
        this.alignment = alignment;
        if (alignment != GgufFile.DEFAULT_ALIGNMENT) {
            putUInt32("general.alignment", alignment);
        }
    }

    public GgufWriter putString(String key, String value) {
        return put(key, GgufValueType.STRING, value);
    }

    public GgufWriter putUInt32(String key, int value) {
        return put(key, GgufValueType.UINT32, value);
    }

    public GgufWriter putInt32(String key, int value) {
        return put(key, GgufValueType.INT32, value);
    }

    public GgufWriter putFloat32(String key, float value) {
        return put(key, GgufValueType.FLOAT32, value);
    }

    public GgufWriter putBool(String key, boolean value) {
        return put(key, GgufValueType.BOOL, value);
    }

    public GgufWriter putStrings(String key, String[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    public GgufWriter putFloats(String key, float[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    public GgufWriter putInts(String key, int[] values) {
        return put(key, GgufValueType.ARRAY, values.clone());
    }

    /** Records one metadata entry; the typed methods above say which GGUF value type it is written as. */
    private GgufWriter put(String key, GgufValueType type, Object value) {
        metadata.put(key, new Entry(type, value));
        return this;
    }

    /**
     * Adds a tensor.
     *
     * @param shape outermost first: {@code {rows, cols}} for a matrix, {@code {n}} for a vector
     */
    public GgufWriter addTensor(String name, GgufType type, float[] values, int... shape) {
        long elements = 1;
        long[] ggufShape = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            elements *= shape[i];
            ggufShape[shape.length - 1 - i] = shape[i];
        }
        if (elements != values.length) {
            throw new IllegalArgumentException(name + ": shape holds " + elements + " numbers, got " + values.length);
        }
        tensors.add(new Tensor(name, ggufShape, type, Quantizer.encode(type, values)));
        return this;
    }

    /**
     * Writes the file (to a temporary name first, so a reader never sees half a model), readable by
     * everyone like any other file: a temporary file is private to its owner, and the course's
     * sandboxed kernels, which load the trained model, run as another user.
     */
    public void write(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path temporary = Files.createTempFile(parent, path.getFileName().toString(), ".part");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temporary), 1 << 20)) {
            write(out);
        }
        if (temporary.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString("rw-r--r--"));
        }
        Files.move(temporary, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Writes the whole file to {@code out}. */
    public void write(OutputStream out) throws IOException {
        var header = new Header();
        header.i32(GgufFile.MAGIC).i32(GgufFile.VERSION).i64(tensors.size()).i64(metadata.size());
        metadata.forEach((key, entry) -> {
            header.string(key).i32(entry.type().id());
            header.value(entry.type(), entry.value());
        });
        long offset = 0;
        for (Tensor tensor : tensors) {
            header.string(tensor.name()).i32(tensor.ggufShape().length);
            for (long d : tensor.ggufShape()) {
                header.i64(d);
            }
            header.i32(tensor.type().id()).i64(offset);
            offset = GgufFile.align(offset + tensor.bytes().byteSize(), alignment);
        }
        byte[] head = header.bytes();
        out.write(head);
        out.write(new byte[(int) (GgufFile.align(head.length, alignment) - head.length)]);
        long written = 0;
        for (Tensor tensor : tensors) {
            byte[] bytes = tensor.bytes().toArray(ValueLayout.JAVA_BYTE);
            out.write(bytes);
            written += bytes.length;
            long padded = GgufFile.align(written, alignment);
            out.write(new byte[(int) (padded - written)]);
            written = padded;
        }
    }

    /** Little-endian header bytes, growing as needed. */
    private static final class Header {
        private ByteBuffer buffer = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);

        private void room(int bytes) {
            if (buffer.remaining() < bytes) {
                ByteBuffer bigger = ByteBuffer.allocate(Math.max(buffer.capacity() * 2, buffer.position() + bytes))
                        .order(ByteOrder.LITTLE_ENDIAN);
                buffer.flip();
                bigger.put(buffer);
                buffer = bigger;
            }
        }

        Header i32(int v) {
            room(4);
            buffer.putInt(v);
            return this;
        }

        Header i64(long v) {
            room(8);
            buffer.putLong(v);
            return this;
        }

        Header string(String s) {
            byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
            i64(bytes.length);
            room(bytes.length);
            buffer.put(bytes);
            return this;
        }

        void value(GgufValueType type, Object value) {
            switch (type) {
                case STRING -> string((String) value);
                case UINT32, INT32 -> i32((Integer) value);
                case FLOAT32 -> { room(4); buffer.putFloat((Float) value); }
                case BOOL -> { room(1); buffer.put((byte) ((Boolean) value ? 1 : 0)); }
                case ARRAY -> array(value);
                default -> throw new IllegalStateException("not written: " + type);
            }
        }

        private void array(Object value) {
            switch (value) {
                case String[] strings -> {
                    i32(GgufValueType.STRING.id()).i64(strings.length);
                    for (String s : strings) string(s);
                }
                case float[] floats -> {
                    i32(GgufValueType.FLOAT32.id()).i64(floats.length);
                    room(4 * floats.length);
                    for (float f : floats) buffer.putFloat(f);
                }
                case int[] ints -> {
                    i32(GgufValueType.INT32.id()).i64(ints.length);
                    for (int i : ints) i32(i);
                }
                default -> throw new IllegalStateException("not an array this writer knows: " + value);
            }
        }

        byte[] bytes() {
            byte[] out = new byte[buffer.position()];
            buffer.flip();
            buffer.get(out);
            return out;
        }
    }
}
