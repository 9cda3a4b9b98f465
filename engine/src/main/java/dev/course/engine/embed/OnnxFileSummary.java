package dev.course.engine.embed;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What an ONNX file says about itself, read without loading it: who wrote it, its description and
 * key/value metadata, and which number type holds most of its weights (its quantisation). A cell
 * that uses a model prints this, so the learner knows which model did the work.
 *
 * <p>An ONNX file is one protocol-buffers message, {@code ModelProto}: a sequence of fields, each
 * a tag (field number and wire type) followed by a number or a length-prefixed block. This reads
 * the few fields it needs ({@code producer_name} = 2, {@code doc_string} = 6, {@code graph} = 7,
 * {@code metadata_props} = 14; in the graph, {@code initializer} = 5; in each initializer tensor,
 * {@code dims} = 1 and {@code data_type} = 2) and skips everything else by its length, so the
 * weights themselves are never read into memory.
 *
 * @param producer    the {@code producer_name} (e.g. {@code pytorch}), or empty
 * @param description the {@code doc_string}, or empty
 * @param metadata    the {@code metadata_props}
 * @param weightType  the element type holding most initializer values ({@code float32}, {@code int8},
 *                    {@code uint8}, {@code float16}, {@code bfloat16}), or {@code unknown}
 * @param sizeBytes   the file's size
 */
public record OnnxFileSummary(String producer, String description, Map<String, String> metadata, String weightType,
                              long sizeBytes) {

    /** The metadata key a stand-in model (random weights, a real model's shape) carries; its value says what it is. */
    public static final String STAND_IN_KEY = "course.stand_in";

    private static final int VARINT = 0;
    private static final int FIXED64 = 1;
    private static final int LENGTH_DELIMITED = 2;
    private static final int FIXED32 = 5;

    public OnnxFileSummary {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(description, "description");
        metadata = Map.copyOf(metadata);
        Objects.requireNonNull(weightType, "weightType");
    }

    /** Whether the file says it is a stand-in (random weights), not a trained model. */
    public boolean standIn() {
        return metadata.containsKey(STAND_IN_KEY);
    }

    /** Reads the summary of an ONNX file. */
    public static OnnxFileSummary read(Path file) throws IOException {
        return read(Files.newInputStream(file), Files.size(file));
    }

    /** Reads the summary of an ONNX graph on the class path (a bundled model). */
    public static OnnxFileSummary readResource(String resource) throws IOException {
        java.net.URL url = OnnxFileSummary.class.getClassLoader().getResource(resource);
        if (url == null) {
            throw new IOException("no model resource " + resource + " on the class path");
        }
        java.net.URLConnection connection = url.openConnection();
        return read(connection.getInputStream(), connection.getContentLengthLong());
    }

    /** Reads the summary from a stream of {@code size} bytes, which it closes. */
    private static OnnxFileSummary read(InputStream stream, long size) throws IOException {
        try (var in = new Fields(new BufferedInputStream(stream, 1 << 16), size)) {
            String producer = "";
            String description = "";
            Map<String, String> metadata = new LinkedHashMap<>();
            Map<String, Long> valuesByType = new LinkedHashMap<>();
            while (in.remaining() > 0) {
                long tag = in.varint();
                int field = (int) (tag >>> 3);
                int wire = (int) (tag & 7);
                if (wire == LENGTH_DELIMITED && field == 2) {
                    producer = in.string();
                } else if (wire == LENGTH_DELIMITED && field == 6) {
                    description = in.string();
                } else if (wire == LENGTH_DELIMITED && field == 14) {
                    readEntry(in, metadata);
                } else if (wire == LENGTH_DELIMITED && field == 7) {
                    readGraph(in, in.varint(), valuesByType);
                } else {
                    in.skipField(wire);
                }
            }
            String weightType = valuesByType.entrySet().stream().max(Map.Entry.comparingByValue())
                    .map(Map.Entry::getKey).orElse("unknown");
            return new OnnxFileSummary(producer, description, metadata, weightType, size);
        }
    }

    /** {@code StringStringEntryProto}: key = 1, value = 2. */
    private static void readEntry(Fields in, Map<String, String> into) throws IOException {
        long end = in.position() + in.varint();
        String key = "";
        String value = "";
        while (in.position() < end) {
            long tag = in.varint();
            int wire = (int) (tag & 7);
            if (wire == LENGTH_DELIMITED && (tag >>> 3) == 1) {
                key = in.string();
            } else if (wire == LENGTH_DELIMITED && (tag >>> 3) == 2) {
                value = in.string();
            } else {
                in.skipField(wire);
            }
        }
        into.put(key, value);
    }

    /** {@code GraphProto}: counts each initializer's values by element type. */
    private static void readGraph(Fields in, long length, Map<String, Long> valuesByType) throws IOException {
        long end = in.position() + length;
        while (in.position() < end) {
            long tag = in.varint();
            int wire = (int) (tag & 7);
            if (wire == LENGTH_DELIMITED && (tag >>> 3) == 5) {
                readTensor(in, in.varint(), valuesByType);
            } else {
                in.skipField(wire);
            }
        }
    }

    /** {@code TensorProto}: its dims (packed or not) and data type; the data is skipped. */
    private static void readTensor(Fields in, long length, Map<String, Long> valuesByType) throws IOException {
        long end = in.position() + length;
        long count = 1;
        int type = 0;
        while (in.position() < end) {
            long tag = in.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == VARINT) {
                count *= in.varint();
            } else if (field == 1 && wire == LENGTH_DELIMITED) {
                long dimsEnd = in.position() + in.varint();
                while (in.position() < dimsEnd) {
                    count *= in.varint();
                }
            } else if (field == 2 && wire == VARINT) {
                type = (int) in.varint();
            } else {
                in.skipField(wire);
            }
        }
        valuesByType.merge(typeName(type), count, Long::sum);
    }

    /** ONNX's {@code TensorProto.DataType} numbers. */
    private static String typeName(int type) {
        return switch (type) {
            case 1 -> "float32";
            case 2 -> "uint8";
            case 3 -> "int8";
            case 6 -> "int32";
            case 7 -> "int64";
            case 10 -> "float16";
            case 11 -> "float64";
            case 16 -> "bfloat16";
            default -> "type " + type;
        };
    }

    /** A protobuf field reader over a stream, counting its position so blocks can be skipped by length. */
    private static final class Fields implements AutoCloseable {
        private static final int MAX_STRING = 1 << 20;
        private final InputStream in;
        private final long size;
        private long position;

        Fields(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        long position() {
            return position;
        }

        long remaining() {
            return size - position;
        }

        long varint() throws IOException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                int b = in.read();
                if (b < 0) {
                    throw new EOFException("the ONNX file ends inside a number");
                }
                position++;
                value |= (long) (b & 0x7f) << shift;
                if ((b & 0x80) == 0) {
                    return value;
                }
            }
            throw new IOException("not an ONNX file: a number longer than 10 bytes");
        }

        String string() throws IOException {
            long length = varint();
            if (length < 0 || length > MAX_STRING) {
                skip(length);
                return "";
            }
            byte[] bytes = in.readNBytes((int) length);
            if (bytes.length != length) {
                throw new EOFException("the ONNX file ends inside a string");
            }
            position += length;
            return new String(bytes, StandardCharsets.UTF_8);
        }

        void skipField(int wire) throws IOException {
            switch (wire) {
                case VARINT -> varint();
                case FIXED64 -> skip(8);
                case LENGTH_DELIMITED -> skip(varint());
                case FIXED32 -> skip(4);
                default -> throw new IOException("not an ONNX file: wire type " + wire + " at byte " + position);
            }
        }

        void skip(long bytes) throws IOException {
            if (bytes < 0 || bytes > remaining()) {
                throw new IOException("not an ONNX file: a block of " + bytes + " bytes at byte " + position
                        + " runs past the end");
            }
            in.skipNBytes(bytes);
            position += bytes;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
