package dev.course.engine.rag.tools;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A tool loop's run: every round's calls and results, and the answer.
 *
 * @param task     what was asked
 * @param planner  who planned
 * @param rounds   the rounds, in order
 * @param answer   the final answer (or why there is none)
 * @param finished whether the planner answered (false: the round limit stopped it)
 */
public record ToolTrace(String task, String planner, List<Planner.Round> rounds, String answer, boolean finished)
        implements Renderable {

    public ToolTrace {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(answer, "answer");
        rounds = List.copyOf(rounds);
    }

    /** Every call made, in order. */
    public List<ToolCall> calls() {
        return rounds.stream().flatMap(r -> r.calls().stream()).toList();
    }

    public Table table() {
        var rows = new ArrayList<List<String>>();
        for (int i = 0; i < rounds.size(); i++) {
            Planner.Round r = rounds.get(i);
            for (int c = 0; c < r.calls().size(); c++) {
                ToolResult res = r.results().get(c);
                rows.add(List.of(String.valueOf(i + 1), r.calls().get(c).name(), r.calls().get(c).arguments().toString(),
                        (res.failed() ? "✘ " : "") + res.content().replace('\n', ' ')));
            }
        }
        return new Table("tools planned by " + planner + " for: " + task, List.of("round", "tool", "arguments", "result"), rows);
    }

    @Override
    public MimeBundle render() {
        return MimeBundle.html(table().toHtml() + "<p><strong>" + (finished ? "Answer" : "Stopped") + ":</strong> "
                + Table.escape(answer) + "</p>", toString());
    }

    @Override
    public String toString() {
        return table() + "\n" + (finished ? "answer: " : "stopped: ") + answer;
    }
}
