package dev.course.engine.rag.tools;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The agent loop, with nothing hidden: ask the planner, run the calls it wants, give it the results,
 * repeat, until it answers or {@code maxRounds} rounds have run (then the loop stops and says so: a
 * planner that never finishes must not run forever).
 */
public final class ToolLoop {

    public static final int DEFAULT_MAX_ROUNDS = 5;

    private final Planner planner;
    private final Toolbox toolbox;
    private final int maxRounds;

    public ToolLoop(Planner planner, Toolbox toolbox, int maxRounds) {
        this.planner = Objects.requireNonNull(planner, "planner");
        this.toolbox = Objects.requireNonNull(toolbox, "toolbox");
        if (maxRounds < 1) {
            throw new IllegalArgumentException("maxRounds must be at least 1, got " + maxRounds);
        }
        this.maxRounds = maxRounds;
    }

    public ToolLoop(Planner planner, Toolbox toolbox) {
        this(planner, toolbox, DEFAULT_MAX_ROUNDS);
    }

    /** Runs {@code task} to an answer (or to the round limit). */
    public ToolTrace run(String task) {
        var rounds = new ArrayList<Planner.Round>();
        while (true) {
            Planner.Decision decision = planner.next(task, toolbox.tools(), List.copyOf(rounds));
            switch (decision) {
                case Planner.Finish finish -> {
                    return new ToolTrace(task, planner.name(), rounds, finish.answer(), true);
                }
                case Planner.CallTools calls -> {
                    if (rounds.size() == maxRounds) {
                        return new ToolTrace(task, planner.name(), rounds,
                                "stopped after " + maxRounds + " rounds without an answer", false);
                    }
                    rounds.add(new Planner.Round(calls.calls(), calls.calls().stream().map(toolbox::run).toList()));
                }
            }
        }
    }
}
