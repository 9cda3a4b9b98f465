package dev.course.engine.rag.tools;

import java.util.List;
import java.util.Objects;

/**
 * Decides the next move of a {@link ToolLoop}: call tools, or answer. A language model with tool
 * support plans in {@link OpenAiToolPlanner}; {@link ScriptedPlanner} follows fixed rules offline.
 */
public interface Planner {

    /** A short name for the trace. */
    String name();

    /** The next move for {@code task}, given the tools it may call and the rounds of calls made so far. */
    Decision next(String task, List<Tool> tools, List<Round> rounds);

    /** One round: the calls the planner asked for together, and their results in the same order. */
    record Round(List<ToolCall> calls, List<ToolResult> results) {
        public Round {
            calls = List.copyOf(calls);
            results = List.copyOf(results);
            if (calls.size() != results.size()) {
                throw new IllegalArgumentException(calls.size() + " calls but " + results.size() + " results");
            }
        }
    }

    /** What a planner decided. */
    sealed interface Decision permits CallTools, Finish {
    }

    /** Run these calls, then ask again. */
    record CallTools(List<ToolCall> calls) implements Decision {
        public CallTools {
            calls = List.copyOf(calls);
            if (calls.isEmpty()) {
                throw new IllegalArgumentException("a CallTools decision needs at least one call");
            }
        }
    }

    /** The final answer. */
    record Finish(String answer) implements Decision {
        public Finish {
            Objects.requireNonNull(answer, "answer");
        }
    }
}
