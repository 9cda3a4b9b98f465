package dev.course.kernel.jshell;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;
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
 * serialised: one at a time, each waiting for its {@link #TURN}. The exception is a snippet that a
 * running snippet evaluates on its own thread — the {@code run_java} tool called from a cell runs its
 * code in the learner's session — which nests inside the running one instead of waiting for it
 * (it would wait forever). Invocations are kept on a stack; the stand-in runs the newest.
 *
 * <p>The stand-in also holds a snippet back until JShell's engine waits for it (see
 * {@link #awaitEngineJoining(Thread)}): otherwise a cell that starts a thread can, on a busy
 * machine, wait for that thread to end.
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

    /** How long a snippet waits at most for the engine to start waiting for it (then it runs anyway). */
    static final long MAX_WAIT_FOR_ENGINE_NANOS = 1_000_000_000L;

    /**
     * One invocation of a snippet: its method, the thread that asked JShell to run it, the thread
     * JShell runs it on, and what it returned.
     */
    private static final class Invocation {
        final Method doIt;
        final Thread invoker;
        volatile Thread thread;
        volatile Object result;

        Invocation(Method doIt, Thread invoker) {
            this.doIt = doIt;
            this.invoker = invoker;
        }
    }

    /** Whose turn it is to invoke a snippet; nested invocations do not take it again. */
    private static final Semaphore TURN = new Semaphore(1);
    /** The invocations running now, newest first: one, or a chain of nested ones. */
    private static final Deque<Invocation> RUNNING = new ConcurrentLinkedDeque<>();

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
        boolean nested = isSnippetThread(Thread.currentThread());
        if (!nested) {
            TURN.acquire();
        }
        Invocation invocation = new Invocation(doIt, Thread.currentThread());
        RUNNING.push(invocation);
        try {
            String text = super.invoke(STAND_IN);
            lastValue = invocation.result;
            return text;
        } finally {
            RUNNING.remove(invocation);
            if (!nested) {
                TURN.release();
            }
        }
    }

    /** Whether {@code thread} is running a snippet now (so a snippet it evaluates nests inside). */
    static boolean isSnippetThread(Thread thread) {
        for (Invocation running : RUNNING) {
            if (running.thread == thread) {
                return true;
            }
        }
        return false;
    }

    /**
     * The stand-in for a snippet's "do it" method: runs on JShell's execution thread. Public only
     * because JShell invokes it reflectively; not for callers.
     */
    public static Object invokePending() throws Throwable {
        Invocation invocation = RUNNING.peek();       // the newest: its invoke started this thread
        invocation.thread = Thread.currentThread();
        awaitEngineJoining(invocation.invoker);
        try {
            Object result = invocation.doIt.invoke(null);
            invocation.result = result;
            return result;
        } catch (InvocationTargetException e) {
            // Rethrow what the snippet threw, so JShell sees exactly what it would have seen.
            throw e.getCause();
        }
    }

    /**
     * Waits until the thread that invoked this snippet is waiting for it to end.
     *
     * <p>JShell's local engine starts a snippet's thread, then lists the threads of the snippet's
     * thread group and joins every one of them. Threads a snippet starts join that group; one that is
     * already running when the list is taken makes the cell wait until it ends — for a thread that
     * sleeps, serves or spins, a cell that never returns. On an idle machine the list is nearly always
     * taken first; on a busy one (a room of learners on two cores) about one cell in fifty that starts
     * a thread hung. Starting the snippet's own code only once the engine is joining leaves exactly one
     * thread in the list: the snippet's. {@code Thread.join} waits in {@link Thread.State#WAITING};
     * nothing between starting the thread and joining it waits.
     */
    private static void awaitEngineJoining(Thread invoker) {
        long deadline = System.nanoTime() + MAX_WAIT_FOR_ENGINE_NANOS;
        while (invoker.getState() != Thread.State.WAITING && System.nanoTime() - deadline < 0) {
            Thread.yield(); // let the invoker run: on a busy machine it may be waiting for a core
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
