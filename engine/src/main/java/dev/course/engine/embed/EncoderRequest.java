package dev.course.engine.embed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link RemoteEncoder} asks a model service for: run model {@code model} on a padded batch,
 * and send back either every token's hidden state or, with a pooling, one vector per row.
 *
 * <p>In JSON (token ids and type ids as {@link PackedNumbers} Base64 of little-endian int32):
 * <pre>
 * {"model": "all-MiniLM-L6-v2", "pooling": "MEAN", "rows": 2, "length": 7, "lengths": [7, 5],
 *  "ids": "ZQAAAA…", "types": "AAAAAA…"}
 * </pre>
 * {@code pooling} is {@code MEAN}, {@code CLS} or absent (hidden states).
 *
 * @param model   the model's {@link ModelSpec#name()}
 * @param input   the padded batch
 * @param pooling how to pool each row on the service's side; empty for the hidden states
 */
public record EncoderRequest(String model, EncoderInput input, Optional<Pooling> pooling) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public EncoderRequest {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(pooling, "pooling");
    }

    public ObjectNode toJson() {
        ObjectNode json = JSON.createObjectNode();
        json.put("model", model);
        pooling.ifPresent(p -> json.put("pooling", p.name()));
        json.put("rows", input.rows());
        json.put("length", input.length());
        var lengths = json.putArray("lengths");
        for (int length : input.lengths()) {
            lengths.add(length);
        }
        json.put("ids", PackedNumbers.ints(input.ids()));
        json.put("types", PackedNumbers.ints(input.typeIds()));
        return json;
    }

    /**
     * Reads a request that may come from anyone, checking its size against the caller's limits
     * before anything is allocated for it.
     *
     * @param maxRows      the most rows one request may have
     * @param maxLength    the longest padded length (the model's window)
     * @param maxPositions the most rows x length
     * @throws IllegalArgumentException saying what is wrong or too large
     */
    public static EncoderRequest fromJson(JsonNode json, int maxRows, int maxLength, int maxPositions) {
        if (json == null || !json.isObject()) {
            throw new IllegalArgumentException("a model request must be a JSON object");
        }
        String model = text(json, "model");
        int rows = integer(json, "rows");
        int length = integer(json, "length");
        if (rows < 1 || rows > maxRows) {
            throw new IllegalArgumentException("rows must be between 1 and " + maxRows + ", got " + rows);
        }
        if (length < 1 || length > maxLength) {
            throw new IllegalArgumentException("length must be between 1 and " + maxLength + ", got " + length);
        }
        if ((long) rows * length > maxPositions) {
            throw new IllegalArgumentException(rows + " x " + length + " positions exceed the limit of " + maxPositions
                    + " per request; send fewer rows at a time");
        }
        JsonNode lengthsJson = json.path("lengths");
        if (!lengthsJson.isArray() || lengthsJson.size() != rows) {
            throw new IllegalArgumentException("lengths must be an array of one length per row");
        }
        int[] lengths = new int[rows];
        for (int r = 0; r < rows; r++) {
            JsonNode value = lengthsJson.get(r);
            if (!value.canConvertToInt()) {
                throw new IllegalArgumentException("lengths must be integers");
            }
            lengths[r] = value.intValue();
        }
        long[] ids = PackedNumbers.ints(text(json, "ids"), rows * length);
        long[] types = PackedNumbers.ints(text(json, "types"), rows * length);
        Optional<Pooling> pooling = Optional.empty();
        if (json.hasNonNull("pooling")) {
            String name = text(json, "pooling");
            try {
                pooling = Optional.of(Pooling.valueOf(name.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown pooling " + name + "; use MEAN, CLS or none");
            }
        }
        return new EncoderRequest(model, new EncoderInput(rows, length, ids, types, lengths), pooling);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("the request needs a text field \"" + field + "\"");
        }
        return value.textValue();
    }

    private static int integer(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("the request needs an integer field \"" + field + "\"");
        }
        return value.intValue();
    }
}
