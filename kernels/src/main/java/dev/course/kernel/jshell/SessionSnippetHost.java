package dev.course.kernel.jshell;

import dev.course.engine.rag.tools.JavaSnippetTool;
import dev.course.kernel.io.CellOutput;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Runs the {@code run_java} tool's snippets in the learner's own session. A cell that drives a tool
 * loop (an LLM or the scripted planner) calls the tool on the cell's own thread; the snippet then
 * nests inside the running cell ({@link CapturingExecutionControl}), sees the learner's methods and
 * variables, and leaves what it defines for later cells. What it prints appears in the cell, as
 * everything a cell runs does, and is also copied into the tool's answer.
 *
 * <p>Only the cell's own thread may do this: a background thread the cell started would have to wait
 * for the cell to finish, which may be waiting for it. It gets a clear error instead.
 */
public final class SessionSnippetHost implements JavaSnippetTool.SnippetHost {

    private final JShellSession session;
    private final CellOutput output;

    public SessionSnippetHost(JShellSession session, CellOutput output) {
        this.session = session;
        this.output = output;
    }

    @Override
    public String run(String code) {
        if (!CapturingExecutionControl.isSnippetThread(Thread.currentThread())) {
            throw new IllegalStateException("run_java runs snippets in this kernel only when called from a cell's own "
                    + "thread, not from a thread the cell started; call the tool from the cell itself");
        }
        var printed = new ByteArrayOutputStream();
        String value;
        try (CellOutput.Tap _ = output.tap(printed)) {
            value = JavaSnippetTool.evaluate(session.jshell(), code);
        }
        return JavaSnippetTool.result(printed.toString(StandardCharsets.UTF_8), value);
    }
}
