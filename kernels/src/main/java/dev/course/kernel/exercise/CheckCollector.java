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

    private final List<CheckResult> results = new ArrayList<>();

    @Override
    public synchronized void executionFinished(TestIdentifier test, TestExecutionResult result) {
        boolean passed = result.getStatus() == TestExecutionResult.Status.SUCCESSFUL;
        if (test.isTest() || !passed) {
            String message = passed ? null : result.getThrowable().map(CheckCollector::explain).orElse("failed");
            results.add(new CheckResult(ReplNames.clean(test.getDisplayName()), passed, message));
        }
    }

    synchronized List<CheckResult> results() {
        return List.copyOf(results);
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
