package dev.course.kernel.jshell;

import java.io.File;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;

/**
 * The one JShell instance of the kernel, with its execution engine running cells in this JVM.
 *
 * <p>JShell is not thread-safe: it is created on first use by the thread that will evaluate every
 * cell (the kernel's shell thread), and only that thread may call {@link #jshell()}. The exception is
 * {@link #interrupt()}, which JShell allows from another thread and the control thread uses.
 *
 * <p>The compiler sees the kernel's whole class path, so cells can import the course engine, the
 * display API and JUnit, and every session starts with the imports in {@link #PRELUDE}.
 */
public final class JShellSession implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(JShellSession.class.getName());

    /**
     * Evaluated at the start of every session; also warms up the compiler before the first cell.
     * The course's own on-demand imports are evaluated as the single-type imports they stand for
     * ({@link SingleTypeImports}): the same names, at half the cost per cell.
     */
    public static final List<String> PRELUDE = List.of(
            "import java.util.*;",
            "import java.util.function.*;",
            "import java.util.stream.*;",
            "import java.io.*;",
            "import java.math.*;",
            "import java.nio.file.*;",
            "import dev.course.engine.display.*;",
            "import static dev.course.kernel.display.Display.*;");

    private static final String VECTOR_MODULE = "jdk.incubator.vector";

    private final PrintStream out;
    private final PrintStream err;
    private final CapturingExecutionProvider provider = new CapturingExecutionProvider();
    private volatile JShell jshell;

    /**
     * @param out where JShell's engine writes user output (the kernel's captured {@code System.out})
     * @param err where it writes user errors (the captured {@code System.err})
     */
    public JShellSession(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The JShell instance, started on the first call. Only from the evaluating thread. */
    public JShell jshell() {
        JShell current = jshell;
        if (current == null) {
            current = start();
            jshell = current;
        }
        return current;
    }

    /** Starts JShell now rather than on the first cell, so the first cell is fast. */
    public void warmUp() {
        warmUp(0);
    }

    /**
     * Starts JShell and then evaluates {@code practiceCells} throwaway expressions, dropping each
     * again, so that the JIT has compiled the compiler's hot paths before a learner's first cell.
     * A kernel kept ready in the server's warm pool spends a second or two here that no learner
     * waits for; the learner sees no trace (no variables, no history), only snippet numbers that do
     * not start at 1.
     */
    public void warmUp(int practiceCells) {
        JShell shell = jshell();
        for (int i = 0; i < practiceCells; i++) {
            for (SnippetEvent event : shell.eval("(" + i + " + 1) * 2")) {
                if (event.causeSnippet() == null && event.snippet() instanceof jdk.jshell.PersistentSnippet kept) {
                    shell.drop(kept);
                }
            }
        }
    }

    /**
     * Stops the running cell, from any thread. Loops in cell code are stopped at their next
     * iteration; blocking calls such as {@code Thread.sleep} are interrupted. Does nothing when no
     * cell runs.
     */
    public void interrupt() {
        JShell current = jshell;
        CapturingExecutionControl control = provider.control();
        if (current != null && control != null) {
            control.requestInterrupt();
            current.stop();
        }
    }

    /**
     * Adds a jar or a folder of classes to the class path of cells, for the compiler and the class
     * loader alike (what {@code %jars}, {@code %classpath} and {@code %maven} do). Only from the
     * evaluating thread.
     *
     * @param entry an absolute path
     */
    public void addToClasspath(String entry) {
        jshell().addToClasspath(entry);
    }

    /**
     * Whether the running cell was asked to stop. Work the kernel does for a cell outside JShell (a
     * magic resolving dependencies, say) polls this to give up on an interrupt.
     */
    public boolean interruptRequested() {
        CapturingExecutionControl control = provider.control();
        return control != null && control.interruptRequested();
    }

    /** Forgets an interrupt of an earlier cell; called as a cell starts. */
    public void clearInterrupt() {
        control().clearInterrupt();
    }

    CapturingExecutionControl control() {
        jshell();
        return provider.control();
    }

    private JShell start() {
        JShell shell = JShell.builder()
                .executionEngine(provider, Map.of())
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .compilerOptions(compilerOptions())
                .build();
        for (String entry : classPath()) {
            shell.addToClasspath(entry);
        }
        for (String preludeLine : PRELUDE) {
            for (String line : SingleTypeImports.expand(preludeLine)) {
                for (SnippetEvent event : shell.eval(line)) {
                    if (event.status() == Snippet.Status.REJECTED) {
                        LOG.warning(() -> "prelude line rejected: " + line);
                    }
                }
            }
        }
        return shell;
    }

    /** The Vector API module, when this JVM has it, so cells can use what the engine uses. */
    private static String[] compilerOptions() {
        boolean hasVectorModule = ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();
        return hasVectorModule ? new String[] {"--add-modules", VECTOR_MODULE} : new String[0];
    }

    /** The kernel's class path as absolute entries (JShell ignores relative ones). */
    private static List<String> classPath() {
        List<String> entries = new ArrayList<>();
        Arrays.stream(System.getProperty("java.class.path", "").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> new File(entry).getAbsolutePath())
                .forEach(entries::add);
        return entries;
    }

    @Override
    public void close() {
        JShell current = jshell;
        if (current != null) {
            current.close();
        }
    }
}
