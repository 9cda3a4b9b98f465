package dev.course.kernel.exercise;

import dev.course.kernel.display.Display;
import java.util.List;
import java.util.Optional;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

/**
 * Judges an exercise: runs its JUnit 5 checks inside the kernel, against what the learner defined in
 * earlier cells, and shows the verdict.
 *
 * <p>A lesson's check cell looks like this:
 *
 * <pre>
 * import org.junit.jupiter.api.*;
 * import static org.junit.jupiter.api.Assertions.*;
 * class CosineChecks {
 *     &#64;Test &#64;DisplayName("orthogonal vectors")
 *     void orthogonal() { assertEquals(0.0, cosine(new double[] {1, 0}, new double[] {0, 1}), 1e-9); }
 * }
 * dev.course.kernel.exercise.Checks.run("cosine", CosineChecks.class);
 * </pre>
 *
 * <p>The test class is defined in JShell, so it is selected as a {@code Class} object rather than by
 * name (JShell's class loader is not one JUnit could search). It can call the learner's top-level
 * methods because JShell compiles it against them like any other snippet, and its annotations are
 * JUnit's own: cells see the kernel's class path through a child of the kernel's class loader.
 */
public final class Checks {

    private static Launcher launcher;

    private Checks() {
    }

    /**
     * Runs the checks and displays the report (one {@code display_data} with the
     * {@value dev.course.kernel.protocol.MimeTypes#CHECK} bundle). Returns the report too; the kernel does not show it a
     * second time as the cell's value.
     */
    public static CheckReport run(String exerciseId, Class<?> testClass) {
        CheckReport report = evaluate(exerciseId, testClass);
        Display.display(report);
        return report;
    }

    /**
     * Runs the checks without displaying anything.
     *
     * <p>A check that calls an endless loop in the learner's code runs until the cell is stopped —
     * by the server's wall clock, or by the learner's Stop. JUnit would then report every check as
     * failed with JShell's bare stop signal; instead the signal is thrown on, so the cell ends as
     * interrupted, no verdict is shown or recorded, and the server says what happened.
     */
    public static CheckReport evaluate(String exerciseId, Class<?> testClass) {
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(testClass))
                .build();
        CheckCollector collector = new CheckCollector();
        launcher().execute(request, collector);
        Optional<Throwable> stop = collector.stop();
        if (stop.isPresent()) {
            throw rethrow(stop.get());
        }
        List<CheckResult> results = collector.results();
        if (results.isEmpty()) {
            results = List.of(new CheckResult(testClass.getSimpleName(), false,
                    "no checks found: mark each check method with @Test"));
        }
        return CheckReport.of(exerciseId, results);
    }

    /**
     * Runs one trivial check without showing it, so that a learner's first check does not wait for
     * JUnit to discover its engines and load a few hundred classes (about a second on a busy machine).
     * Kernels started ahead of need call it after their practice cells.
     */
    public static void warmUp() {
        evaluate("warm-up", WarmUpCheck.class);
    }

    /** The check {@link #warmUp} runs. Public because JUnit creates it; not for lessons. */
    public static final class WarmUpCheck {
        @org.junit.jupiter.api.Test
        void arithmeticStillWorks() {
            org.junit.jupiter.api.Assertions.assertEquals(2, 1 + 1);
        }
    }

    /** Throws {@code thrown} as it is (an Error, so no checked exception needs declaring). */
    private static RuntimeException rethrow(Throwable thrown) {
        if (thrown instanceof Error error) {
            throw error;
        }
        throw new IllegalStateException("the check was stopped", thrown);
    }

    /** One launcher for the kernel's life; creating it discovers the test engines, which takes a moment. */
    private static synchronized Launcher launcher() {
        if (launcher == null) {
            launcher = LauncherFactory.create();
        }
        return launcher;
    }
}
