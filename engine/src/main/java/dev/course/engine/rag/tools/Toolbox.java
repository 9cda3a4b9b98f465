package dev.course.engine.rag.tools;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tools a planner may use, by name. Running a call never throws: an unknown tool, bad arguments
 * or a failing tool become a failed {@link ToolResult} whose message goes back to the planner.
 */
public final class Toolbox {

    /** Longest result text handed back to a planner. */
    public static final int MAX_RESULT_CHARS = 4000;

    private final Map<String, Tool> tools = new LinkedHashMap<>();

    public Toolbox(List<Tool> tools) {
        for (Tool t : tools) {
            if (this.tools.put(t.name(), t) != null) {
                throw new IllegalArgumentException("two tools are called " + t.name());
            }
        }
    }

    public static Toolbox of(Tool... tools) {
        return new Toolbox(List.of(tools));
    }

    public List<Tool> tools() {
        return new ArrayList<>(tools.values());
    }

    /** Runs {@code call}. */
    public ToolResult run(ToolCall call) {
        long start = System.nanoTime();
        Tool tool = tools.get(call.name());
        if (tool == null) {
            return new ToolResult(call.id(), call.name(), "no tool called \"" + call.name() + "\"; available: "
                    + String.join(", ", tools.keySet()), true, 0);
        }
        try {
            String out = tool.call(call.arguments());
            if (out.length() > MAX_RESULT_CHARS) out = out.substring(0, MAX_RESULT_CHARS) + " …(cut)";
            return new ToolResult(call.id(), call.name(), out, false, (System.nanoTime() - start) / 1e6);
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            return new ToolResult(call.id(), call.name(), "error: " + message, true, (System.nanoTime() - start) / 1e6);
        }
    }
}
