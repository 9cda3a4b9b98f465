package dev.course.engine.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Arrays;
import java.util.Objects;

/**
 * A model service's answer: a float tensor, {@code [rows][length][dimension]} hidden states or
 * {@code [rows][dimension]} pooled vectors.
 *
 * <p>In JSON: {@code {"shape": [2, 384], "values": "…"}}, the values as {@link PackedNumbers}
 * Base64 of little-endian float32.
 *
 * @param shape  the tensor's shape
 * @param values its values, flattened
 */
public record EncoderReply(long[] shape, float[] values) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The most values a reply may declare, so that a bad shape cannot ask for gigabytes. */
    public static final long MAX_VALUES = 64L * 1024 * 1024;

    public EncoderReply {
        Objects.requireNonNull(shape, "shape");
        Objects.requireNonNull(values, "values");
        if (count(shape) != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length + " values");
        }
    }

    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        var shapeJson = json.putArray("shape");
        for (long axis : shape) {
            shapeJson.add(axis);
        }
        json.put("values", PackedNumbers.floats(values));
        return json;
    }

    /** @throws IllegalArgumentException when the JSON is not such a reply */
    public static EncoderReply fromJson(JsonNode json) {
        JsonNode shapeJson = json.path("shape");
        if (!shapeJson.isArray() || shapeJson.isEmpty() || shapeJson.size() > 3) {
            throw new IllegalArgumentException("a reply needs a shape of one to three axes");
        }
        long[] shape = new long[shapeJson.size()];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = shapeJson.get(i).asLong(-1);
        }
        return new EncoderReply(shape, PackedNumbers.floats(json.path("values").asText(null), Math.toIntExact(count(shape))));
    }

    private static long count(long[] shape) {
        long count = 1;
        for (long axis : shape) {
            if (axis < 1 || axis > MAX_VALUES) {
                throw new IllegalArgumentException("bad shape " + Arrays.toString(shape));
            }
            count *= axis;
            if (count > MAX_VALUES) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " is larger than " + MAX_VALUES + " values");
            }
        }
        return count;
    }
}
