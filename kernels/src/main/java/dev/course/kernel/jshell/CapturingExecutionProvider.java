package dev.course.kernel.jshell;

import java.util.Map;
import jdk.jshell.execution.LocalExecutionControlProvider;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Gives JShell a {@link CapturingExecutionControl}: cells run in this JVM (no second process), and the
 * kernel can reach the control it created.
 *
 * <p>User classes are loaded by a child of the kernel's own class loader, so cells see the very same
 * engine, display and JUnit classes the kernel uses — a {@code Renderable} made in a cell is a
 * {@code Renderable} to the kernel, and a {@code @Test} in a cell is the annotation JUnit looks for.
 */
final class CapturingExecutionProvider extends LocalExecutionControlProvider {

    private volatile CapturingExecutionControl control;

    @Override
    public String name() {
        return "course-local";
    }

    @Override
    public ExecutionControl createExecutionControl(ExecutionEnv env, Map<String, String> parameters) {
        control = new CapturingExecutionControl(CapturingExecutionProvider.class.getClassLoader());
        return control;
    }

    /** The control JShell created; available once the JShell instance is built. */
    CapturingExecutionControl control() {
        return control;
    }
}
