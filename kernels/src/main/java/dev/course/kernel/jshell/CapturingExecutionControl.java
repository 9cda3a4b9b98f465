package dev.course.kernel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import jdk.jshell.execution.LocalExecutionControl;

/**
 * JShell's local execution engine, extended to keep the real object a snippet evaluated to.
 *
 * <p>JShell hands the kernel only a string of each value ({@code "2"}, {@code "int[2] { 1, 2 }"}). To
 * show a {@link dev.course.engine.display.Renderable} as a table or a chart, the kernel needs the
 * object itself. {@link LocalExecutionControl#invoke(Method)} runs a snippet's generated "do it"
 * method on its own thread and keeps the result to itself, so this class passes it a stand-in
 * instead: {@link #invokePending()}, which calls the real method and remembers what it returned.
 * Everything else — the execution thread, and the loop instrumentation that makes {@code stop()}
 * end even {@code while (true) {}} — stays JShell's own.
 *
 * <p>The stand-in is static (JShell invokes it reflectively, without an instance), so invocations are
 * serialised by a class-wide lock. The kernel runs one evaluation at a time anyway.
 */
public final class CapturingExecutionControl extends LocalExecutionControl {

    private static final Method STAND_IN;

    static {
        try {
            STAND_IN = CapturingExecutionControl.class.getMethod("invokePending");
        } catch (NoSuchMethodException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final Object INVOCATION_LOCK = new Object();
    private static volatile Method pendingDoIt;
    private static volatile Object pendingResult;

    private volatile Object lastValue;
    private volatile boolean interruptRequested;

    CapturingExecutionControl(ClassLoader parent) {
        super(parent);
    }

    @Override
    protected String invoke(Method doIt) throws Exception {
        lastValue = null;
        if (interruptRequested) {
            // The interrupt came between two snippets, while nothing was running to stop.
            throw new StoppedException();
        }
        synchronized (INVOCATION_LOCK) {
            pendingDoIt = doIt;
            pendingResult = null;
            try {
                String text = super.invoke(STAND_IN);
                lastValue = pendingResult;
                return text;
            } finally {
                pendingDoIt = null;
                pendingResult = null;
            }
        }
    }

    /**
     * The stand-in for a snippet's "do it" method: runs on JShell's execution thread. Public only
     * because JShell invokes it reflectively; not for callers.
     */
    public static Object invokePending() throws Throwable {
        try {
            Object result = pendingDoIt.invoke(null);
            pendingResult = result;
            return result;
        } catch (InvocationTargetException e) {
            // Rethrow what the snippet threw, so JShell sees exactly what it would have seen.
            throw e.getCause();
        }
    }

    /** The object the last invoked snippet evaluated to; {@code null} if none (or if it was null). */
    Object lastValue() {
        return lastValue;
    }

    /** Marks the running cell as interrupted: no further snippet of it will start. */
    void requestInterrupt() {
        interruptRequested = true;
    }

    /** Whether the running cell was interrupted. */
    boolean interruptRequested() {
        return interruptRequested;
    }

    /** Called before each cell. */
    void clearInterrupt() {
        interruptRequested = false;
    }
}
