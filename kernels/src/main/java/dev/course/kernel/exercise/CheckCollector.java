package dev.course.kernel.exercise;

import dev.course.kernel.jshell.ReplNames;
import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Listens to a JUnit run and keeps one {@link CheckResult} per test. A failing container (a test
 * class whose constructor or {@code @BeforeAll} throws) counts as a failed check too, so such a
 * failure is reported rather than silently running no checks.
 */
final class CheckCollector implements TestExecutionListener {

    /**
     * What JShell throws in cell code (at a method's start and at every loop's back edge) once the
     * cell is stopped — by the learner's Stop or by the server's wall clock. Named, not referenced:
     * the class is deprecated for removal, and JShell itself names it the same way.
     */
    static final String STOP_SIGNAL = "java.lang.ThreadDeath";

    private final List<CheckResult> results = new ArrayList<>();
    private Throwable stop;

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        result.getThrowable().filter(CheckCollector::isStop).ifPresent(thrown -> stop = thrown);
        if (test.isTest() || !passed) {
            String message = passed ? null : result.getThrowable().map(CheckCollector::explain).orElse("failed");
            results.add(new CheckResult(ReplNames.clean(test.getDisplayName()), passed, message));
        }
    }

    synchronized List<CheckResult> results() {
        return List.copyOf(results);
    }

    /**
     * What stopped the run, if the cell was stopped while a check ran: then no check's outcome is a
     * verdict (each one after it fails at once), and the run's results mean nothing.
     */
    synchronized java.util.Optional<Throwable> stop() {
        return java.util.Optional.ofNullable(stop);
    }

    private static boolean isStop(Throwable thrown) {
        return thrown.getClass().getName().equals(STOP_SIGNAL);
    }

    /**
     * An assertion's own message says what was expected; any other exception is named too, since
     * "/ by zero" alone hides that the learner's code threw.
     */
    private static String explain(Throwable failure) {
        String message = ReplNames.clean(failure.getMessage());
        if (failure instanceof AssertionError && !message.isEmpty()) {
            return message;
        }
        String type = failure.getClass().getSimpleName();
        return message.isEmpty() ? type : type + ": " + message;
    }
}
