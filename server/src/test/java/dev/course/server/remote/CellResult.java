package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Optional;

/**
 * What one execute_request produced: the outputs in the order iopub delivered them, and the
 * execute_reply that ended the cell.
 *
 * @param status  the reply's status: ok, error or aborted
 * @param outputs iopub outputs whose parent is the request
 * @param reply   the execute_reply content
 */
public record CellResult(String status, List<CellOutput> outputs, JsonNode reply) {

    public CellResult {
        outputs = List.copyOf(outputs);
    }

    public boolean ok() {
        return "ok".equals(status);
    }

    /** The first output of a type, e.g. the cell's {@code execute_result}. */
    public Optional<CellOutput> first(String msgType) {
        return outputs.stream().filter(output -> output.msgType().equals(msgType)).findFirst();
    }

    /** The text/plain of the cell's execute_result, empty if it had none. */
    public Optional<String> resultText() {
        return first("execute_result").map(output -> output.content().at("/data/text~1plain").asText());
    }

    /** All {@code stream} text, stdout and stderr in arrival order. */
    public String streamText() {
        StringBuilder text = new StringBuilder();
        outputs.stream().filter(output -> output.msgType().equals("stream"))
                .forEach(output -> text.append(output.content().path("text").asText()));
        return text.toString();
    }

    public boolean hasMime(String mime) {
        return outputs.stream().anyMatch(output -> output.hasMime(mime));
    }
}
