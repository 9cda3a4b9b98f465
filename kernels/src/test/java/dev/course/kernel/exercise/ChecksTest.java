package dev.course.kernel.exercise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.engine.display.MimeBundle;
import dev.course.kernel.display.Display;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import dev.course.kernel.protocol.MimeTypes;

/** Checks run with the JUnit Platform Launcher inside the calling JVM. */
class ChecksTest {

    /** Stands in for the learner's solution. */
    static double cosine(double[] a, double[] b) {
        return 0.7;
    }

    /** Stands in for an exercise's hidden checks; run by Checks, not by the build. */
    static class CosineChecks {
        @Test
        @DisplayName("orthogonal vectors")
        void orthogonal() {
            org.junit.jupiter.api.Assertions.assertEquals(0.7, cosine(new double[] {1, 0}, new double[] {0, 1}));
        }

        @Test
        @DisplayName("parallel vectors")
        void parallel() {
            org.junit.jupiter.api.Assertions.assertEquals(1.0, cosine(new double[] {1, 0}, new double[] {2, 0}));
        }

        @Test
        @DisplayName("no crash")
        void crashes() {
            Object nothing = null;
            nothing.hashCode();
        }
    }

    /** A check whose cell was stopped while it ran: JShell throws its stop signal in cell code. */
    static class StoppedChecks {
        @Test
        @DisplayName("passes before the stop")
        void before() {
        }

        @Test
        @DisplayName("stopped")
        @SuppressWarnings("removal")
        void stopped() {
            throw new ThreadDeath();
        }
    }

    static class NoChecks {
        void notATest() {
        }
    }

    @AfterEach
    void disconnect() {
        Display.connect(null);
    }

    @Test
    void reportsEachCheckWithItsMessage() {
        CheckReport report = Checks.evaluate("cosine", CosineChecks.class);

        assertEquals("cosine", report.exercise());
        assertFalse(report.passed());
        assertEquals(3, report.checks().size());
        CheckResult orthogonal = find(report, "orthogonal vectors");
        assertTrue(orthogonal.passed());
        assertNull(orthogonal.message());
        assertEquals("expected: <1.0> but was: <0.7>", find(report, "parallel vectors").message());
        assertTrue(find(report, "no crash").message().startsWith("NullPointerException"), "non-assertion failures are named");
    }

    @Test
    void runDisplaysTheReportOnceAndReturnsIt() {
        List<Object> values = new ArrayList<>();
        List<MimeBundle> bundles = new ArrayList<>();
        Display.connect((value, bundle) -> {
            values.add(value);
            bundles.add(bundle);
        });

        CheckReport report = Checks.run("cosine", CosineChecks.class);

        assertEquals(1, bundles.size());
        assertSame(report, values.getFirst());
        assertTrue(bundles.getFirst().data().containsKey(MimeTypes.CHECK));
    }

    @Test
    void aStoppedRunGivesNoVerdictButEndsTheCellAsStopped() {
        List<MimeBundle> bundles = new ArrayList<>();
        Display.connect((value, bundle) -> bundles.add(bundle));

        Throwable thrown = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class,
                () -> Checks.run("stopped", StoppedChecks.class));

        assertEquals(CheckCollector.STOP_SIGNAL, thrown.getClass().getName(), "JShell's stop signal goes on to end the cell");
        assertTrue(bundles.isEmpty(), "no verdict is shown for a run that was stopped");
    }

    @Test
    void aClassWithoutChecksFails() {
        CheckReport report = Checks.evaluate("empty", NoChecks.class);
        assertFalse(report.passed());
        assertEquals("no checks found: mark each check method with @Test", report.checks().getFirst().message());
    }

    private static CheckResult find(CheckReport report, String name) {
        return report.checks().stream().filter(check -> check.name().equals(name)).findFirst().orElseThrow();
    }
}
