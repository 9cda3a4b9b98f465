package dev.course.engine.rag.tools;

import java.util.Objects;

/**
 * What a tool call returned.
 *
 * @param callId  the call's id
 * @param name    the tool's name
 * @param content the result, or the error message when it failed (a planner can read and correct it)
 * @param failed  whether the call failed
 * @param millis  how long it ran
 */
public record ToolResult(String callId, String name, String content, boolean failed, double millis) {

    public ToolResult {
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(content, "content");
    }
}
