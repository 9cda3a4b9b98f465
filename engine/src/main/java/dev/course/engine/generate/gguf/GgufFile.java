package dev.course.engine.generate.gguf;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A GGUF model file: key-value metadata (architecture, sizes, tokenizer) followed by tensors.
 *
 * <p>The layout, all little-endian: the magic {@code GGUF}, a version (2 or 3), the tensor count,
 * the metadata count; then the metadata entries (a string key, a value type, a value); then one
 * entry per tensor (name, dimensions, type, offset); then, aligned to {@code general.alignment}
 * (32 by default), the tensor data. The file is memory-mapped, so opening a gigabyte model costs
 * nothing until its weights are read, and the operating system keeps them in its page cache.
 */
public final class GgufFile {

    /** "GGUF" read as a little-endian int. */
    public static final int MAGIC = 0x46554747;
    /** The version this engine writes. */
    public static final int VERSION = 3;
    /** The data alignment when the file does not set {@code general.alignment}. */
    public static final int DEFAULT_ALIGNMENT = 32;

    private final Path path;
    private final int version;
    private final Map<String, Object> metadata;
    private final Map<String, GgufTensorInfo> tensors;
    private final MemorySegment data;

    private GgufFile(Path path, int version, Map<String, Object> metadata,
                     Map<String, GgufTensorInfo> tensors, MemorySegment data) {
        this.path = path;
        this.version = version;
        this.metadata = Collections.unmodifiableMap(metadata);
        this.tensors = Collections.unmodifiableMap(tensors);
        this.data = data;
    }

    /** Maps and parses the file; the mapping lives as long as this object is reachable. */
    public static GgufFile open(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            MemorySegment all = channel.map(FileChannel.MapMode.READ_ONLY, 0, channel.size(), Arena.ofAuto());
            return parse(path, all);
        }
    }

    /** Parses a GGUF image already in memory (tests, resources). */
    public static GgufFile parse(Path name, MemorySegment all) {
        var reader = new Reader(all, name);
        int magic = reader.i32();
        if (magic != MAGIC) {
            throw new GgufException(name + " is not a GGUF file (it does not start with the bytes 'GGUF')");
        }
        int version = reader.i32();
        if (version < 2 || version > 3) {
            throw new GgufException(name + " is GGUF version " + version + "; this engine reads versions 2 and 3");
        }
        long tensorCount = reader.i64();
        long metadataCount = reader.i64();
        Map<String, Object> metadata = new LinkedHashMap<>();
        for (long i = 0; i < metadataCount; i++) {
            String key = reader.string();
            metadata.put(key, reader.value(GgufValueType.ofId(reader.i32())));
        }
        List<GgufTensorInfo> infos = new ArrayList<>();
        for (long i = 0; i < tensorCount; i++) {
            String tensorName = reader.string();
            int dims = reader.i32();
            long[] shape = new long[dims];
            for (int d = 0; d < dims; d++) {
                shape[d] = reader.i64();
            }
            int typeId = reader.i32();
            long offset = reader.i64();
            infos.add(new GgufTensorInfo(tensorName, shape, GgufType.ofId(typeId), offset));
        }
        long alignment = metadata.get("general.alignment") instanceof Number n ? n.longValue() : DEFAULT_ALIGNMENT;
        long dataStart = align(reader.position, alignment);
        MemorySegment data = all.asSlice(Math.min(dataStart, all.byteSize()));
        Map<String, GgufTensorInfo> tensors = new LinkedHashMap<>();
        for (GgufTensorInfo info : infos) {
            if (info.offset() + info.bytes() > data.byteSize()) {
                throw new GgufException(name + ": tensor " + info.name() + " runs past the end of the file (truncated download?)");
            }
            tensors.put(info.name(), info);
        }
        return new GgufFile(name, version, metadata, tensors, data);
    }

    static long align(long position, long alignment) {
        return (position + alignment - 1) / alignment * alignment;
    }

    public Path path() {
        return path;
    }

    public int version() {
        return version;
    }

    /** All metadata: numbers as Integer/Long/Float/Double, strings, booleans, and arrays as Java arrays. */
    public Map<String, Object> metadata() {
        return metadata;
    }

    /** Tensor entries by name, in file order. */
    public Map<String, GgufTensorInfo> tensors() {
        return tensors;
    }

    /** The bytes of one tensor. */
    public MemorySegment tensorData(GgufTensorInfo info) {
        return data.asSlice(info.offset(), info.bytes());
    }

    /** The named tensor's entry, or a clear error naming the file. */
    public GgufTensorInfo tensor(String name) {
        GgufTensorInfo info = tensors.get(name);
        if (info == null) {
            throw new GgufException(path + " has no tensor named " + name);
        }
        return info;
    }

    public boolean has(String key) {
        return metadata.containsKey(key);
    }

    public String string(String key) {
        return (String) require(key);
    }

    public String string(String key, String fallback) {
        return metadata.get(key) instanceof String s ? s : fallback;
    }

    public int integer(String key) {
        return ((Number) require(key)).intValue();
    }

    public int integer(String key, int fallback) {
        return metadata.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    public float real(String key, float fallback) {
        return metadata.get(key) instanceof Number n ? n.floatValue() : fallback;
    }

    public boolean bool(String key, boolean fallback) {
        return metadata.get(key) instanceof Boolean b ? b : fallback;
    }

    public String[] strings(String key) {
        return (String[]) require(key);
    }

    private Object require(String key) {
        Object value = metadata.get(key);
        if (value == null) {
            throw new GgufException(path + " has no metadata key " + key);
        }
        return value;
    }

    /**
     * A cursor over the header, through a {@link ByteBuffer} view of the file's first bytes rather than
     * the {@link MemorySegment} itself: a header holds some hundred thousand tokenizer strings, read
     * while nothing is compiled yet, and each segment access runs through far more interpreted code
     * than a buffer's (measured in docs/measurements.md, "first token"). A header never nears the
     * buffer's 2 GB limit; the tensors after it are read through the segment.
     */
    private static final class Reader {
        private final ByteBuffer header;
        private final Path name;
        long position;

        Reader(MemorySegment segment, Path name) {
            this.header = segment.asSlice(0, Math.min(segment.byteSize(), Integer.MAX_VALUE)).asByteBuffer()
                    .order(ByteOrder.LITTLE_ENDIAN);
            this.name = name;
        }

        private int need(long bytes) {
            if (position + bytes > header.limit()) {
                throw new GgufException(name + " ends in the middle of its header (truncated?)");
            }
            return (int) position;
        }

        byte i8() {
            byte v = header.get(need(1));
            position += 1;
            return v;
        }

        int i32() {
            int v = header.getInt(need(4));
            position += 4;
            return v;
        }

        long i64() {
            long v = header.getLong(need(8));
            position += 8;
            return v;
        }

        String string() {
            long length = i64();
            if (length < 0 || length > Integer.MAX_VALUE) {
                throw new GgufException(name + " has a string of impossible length " + length);
            }
            byte[] bytes = new byte[(int) length];
            header.get(need(length), bytes);
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        Object value(GgufValueType type) {
            return switch (type) {
                case UINT8 -> i8() & 0xFF;
                case INT8 -> (int) i8();
                case UINT16 -> { int v = header.getShort(need(2)) & 0xFFFF; position += 2; yield v; }
                case INT16 -> { int v = header.getShort(need(2)); position += 2; yield v; }
                case UINT32 -> i32() & 0xFFFFFFFFL;
                case INT32 -> i32();
                case FLOAT32 -> { float v = header.getFloat(need(4)); position += 4; yield v; }
                case BOOL -> i8() != 0;
                case STRING -> string();
                case UINT64, INT64 -> i64();
                case FLOAT64 -> { double v = header.getDouble(need(8)); position += 8; yield v; }
                case ARRAY -> array();
            };
        }

        private Object array() {
            GgufValueType elementType = GgufValueType.ofId(i32());
            long count = i64();
            if (count < 0 || count > Integer.MAX_VALUE) {
                throw new GgufException(name + " has an array of impossible length " + count);
            }
            int n = (int) count;
            switch (elementType) {
                case STRING -> {
                    String[] out = new String[n];
                    for (int i = 0; i < n; i++) out[i] = string();
                    return out;
                }
                case FLOAT32 -> {
                    float[] out = new float[n];
                    for (int i = 0; i < n; i++) out[i] = (Float) value(elementType);
                    return out;
                }
                case INT8, UINT8, INT16, UINT16, INT32 -> {
                    int[] out = new int[n];
                    for (int i = 0; i < n; i++) out[i] = ((Number) value(elementType)).intValue();
                    return out;
                }
                default -> {
                    Object[] out = new Object[n];
                    for (int i = 0; i < n; i++) out[i] = value(elementType);
                    return out;
                }
            }
        }
    }
}
