package dev.course.server.remote;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A kernel as the Jupyter Server REST API describes it ({@code GET /api/kernels/{id}}).
 *
 * @param id             the server's kernel id, used in every other URL
 * @param name           the kernelspec name, {@code course-java} for ours
 * @param executionState what the server last heard from the kernel: starting, idle, busy, dead…
 */
public record KernelModel(String id, String name, String executionState) {

    static KernelModel of(JsonNode json) {
        return new KernelModel(json.path("id").asText(), json.path("name").asText(),
                json.path("execution_state").asText());
    }
}
