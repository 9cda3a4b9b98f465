package dev.course.kernel.jshell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.engine.display.Renderable;
import dev.course.kernel.jshell.CellOutcome.Completed;
import dev.course.kernel.jshell.CellOutcome.Failed;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** JShell in this JVM, as the kernel runs it; one session for the class, as in a kernel. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CellRunnerTest {

    private final ByteArrayOutputStream notes = new ByteArrayOutputStream();
    private JShellSession session;
    private CellRunner runner;
    private int count;

    @BeforeAll
    void start() {
        session = new JShellSession(System.out, System.err);
        runner = new CellRunner(session, new PrintStream(notes, true, StandardCharsets.UTF_8));
    }

    @AfterAll
    void stop() {
        session.close();
    }

    @Test
    void keepsTheRealObjectOfTheLastExpression() {
        CellValue value = value("var builder = new StringBuilder(\"ab\");\nbuilder.append('c')");
        assertEquals("abc", value.text());
        assertInstanceOf(StringBuilder.class, value.object());

        CellValue same = value("builder");
        assertSame(value.object(), same.object(), "a variable shows the very object it holds");
        assertNull(value("(String) null").object());
        assertEquals("null", value("(String) null").text());
    }

    @Test
    void cellsSeeThePreludeAndTheKernelClassPath() {
        CellValue value = value("Renderable r = () -> MimeBundle.text(\"hi\");\nr");
        assertInstanceOf(Renderable.class, value.object(), "the engine's Renderable, loaded once for kernel and cells");
        assertEquals("[1, 2]", value("List.of(1, 2).stream().map(i -> i).collect(Collectors.toList())").text());
    }

    @Test
    void onlyExpressionsHaveAValue() {
        assertTrue(run("int declared = 3;") instanceof Completed c && c.value().isEmpty());
        assertTrue(run("declared = 4;") instanceof Completed c && c.value().isEmpty(), "assignments show nothing");
        assertTrue(run("System.out.print(\"\");") instanceof Completed c && c.value().isEmpty());
        assertEquals("4", value("declared").text());
    }

    @Test
    void aValueIsShownButNotKeptAsAVariableWhileDeclarationsAre() {
        long definedBefore = definedVariables();
        assertEquals("6", value("int kept = 3;\nkept * 2").text());
        assertEquals("7", value("kept + 4").text());
        assertEquals("8", value("var again = kept + 5;\nagain - 0").text(), "within a cell, later snippets still see earlier ones");
        assertEquals(definedBefore + 2, definedVariables(), "kept and again stay; no $N per shown value");
    }

    /** Variables JShell still compiles into every new snippet. */
    private long definedVariables() {
        var shell = session.jshell();
        return shell.variables().filter(variable -> shell.status(variable).isDefined()).count();
    }

    @Test
    void aSemicolonAfterTheLastExpressionKeepsItsValueQuiet() {
        assertTrue(run("System.out.printf(\"%d%n\", 1);") instanceof Completed c && c.value().isEmpty(),
                "printf returns the PrintStream; nobody wants to see it");
        assertTrue(run("1 + 1;") instanceof Completed c && c.value().isEmpty());
        assertEquals("2", value("1 + 1").text());
        assertEquals("3", value("int x = 1;\nx + 2").text());
    }

    @Test
    void compileErrorsNameTheCellLineEvenAfterBlankLines() {
        Failed failed = failure("\n\n// a comment\nint a = 1;\n\n  int b = \"two\";\nint c = 3;");
        assertEquals(ErrorReports.COMPILE_ERROR, failed.ename());
        assertTrue(failed.evalue().startsWith("line 6: incompatible types"), failed.evalue());
        assertEquals(List.of("  6 |   int b = \"two\";", "    |           ^^^^^"), failed.traceback().subList(1, 3));
    }

    @Test
    void anUnfinishedCellIsACompileErrorNotAHang() {
        Failed failed = failure("int f() {\n  return 1;");
        assertEquals(ErrorReports.COMPILE_ERROR, failed.ename());
        assertTrue(failed.evalue().contains("reached end of file"), failed.evalue());
    }

    @Test
    void runtimeFramesPointAtCellsAndLines() {
        run("\n\nint half(int n) {\n  if (n == 0) throw new IllegalArgumentException(\"zero\");\n  return n / 2;\n}");
        int definedIn = count;
        Failed failed = failure("int x = 0;\nhalf(x)");

        assertEquals("java.lang.IllegalArgumentException", failed.ename());
        assertEquals("zero", failed.evalue());
        assertEquals(List.of(
                "java.lang.IllegalArgumentException: zero",
                "    at half (cell [" + definedIn + "], line 4)",
                "    at line 2"), failed.traceback());
    }

    @Test
    void aLongRunOfLibraryFramesBetweenCellFramesIsSummarised() {
        Failed failed = failure("List.of(1, 2, 3).stream()\n    .map(i -> 6 / (i - 2))\n    .toList()");

        List<String> traceback = failed.traceback();
        assertEquals("java.lang.ArithmeticException: / by zero", traceback.getFirst());
        assertTrue(traceback.get(1).startsWith("    at lambda$") && traceback.get(1).endsWith(" (line 2)"), traceback.toString());
        assertTrue(traceback.get(2).startsWith("    at java.base/java.util.stream."), traceback.toString());
        assertTrue(traceback.get(5).matches("    \\.\\.\\. \\d+ library frames"), traceback.toString());
        assertTrue(traceback.get(6).startsWith("    at java.base/java.util.stream."), "the call the cell made: " + traceback);
        assertEquals("    at line 3", traceback.get(7), "the cell line that ran the pipeline");
        assertEquals(8, traceback.size(), traceback.toString());
    }

    @Test
    void exceptionMessagesAndCausesAreCleanedOfWrapperNames() {
        Failed failed = failure("String s = null;\ntry { s.length(); } catch (NullPointerException e) { throw new RuntimeException(\"wrapped\", e); }");
        assertTrue(failed.traceback().contains("Caused by: java.lang.NullPointerException: Cannot invoke \"String.length()\" because \"s\" is null"),
                failed.traceback().toString());
    }

    @Test
    void aMethodThatCallsAnUndeclaredOneIsAcceptedWithANote() {
        run("void later() { notYetWritten(); }");
        assertTrue(notes.toString(StandardCharsets.UTF_8).contains("later cannot be used until method notYetWritten() is declared"),
                notes.toString(StandardCharsets.UTF_8));
        Failed failed = failure("int x = 1;\nlater()");
        assertEquals("UnresolvedReference", failed.ename());
        assertEquals("line 2: later cannot be used until method notYetWritten() is declared", failed.evalue());
    }

    @Test
    void interruptStopsALoopAndTheNextSnippetsDoNotRun() throws Exception {
        run("int after = 0;");
        CompletableFuture<CellOutcome> outcome = new CompletableFuture<>();
        Thread.ofPlatform().start(() -> outcome.complete(run("while (true) { }\nafter = 1;")));
        Thread.sleep(500);

        session.interrupt();

        Failed failed = assertInstanceOf(Failed.class, outcome.get(5, TimeUnit.SECONDS));
        assertEquals(ErrorReports.INTERRUPTED, failed.ename());
        assertEquals("0", value("after").text(), "the snippet after the loop did not run");
    }

    /**
     * JShell's local engine joins every thread of the cell's thread group that it sees right after
     * starting the snippet; a thread the snippet started before that moment made the cell wait for it.
     * The race is won by the snippet mostly on a busy machine, so this test keeps both cores busy
     * while 200 cells each start a sleeping thread (without the kernel's guard, a few of them waited).
     */
    @Test
    void aCellThatStartsAThreadDoesNotWaitForIt() throws Exception {
        run("Runnable sleeper = () -> { try { Thread.sleep(15_000); } catch (InterruptedException e) { } };");
        AtomicBoolean busy = new AtomicBoolean(true);
        List<Thread> spinners = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            spinners.add(Thread.ofPlatform().daemon().start(() -> {
                while (busy.get()) {
                    Thread.onSpinWait();
                }
            }));
        }
        try {
            for (int cell = 0; cell < 200; cell++) {
                long start = System.nanoTime();
                assertInstanceOf(Completed.class, run("{ Thread t = new Thread(sleeper); t.setDaemon(true); t.start(); }"));
                long millis = (System.nanoTime() - start) / 1_000_000;
                assertTrue(millis < 5_000, "cell " + cell + " waited " + millis + " ms for the thread it started");
            }
        } finally {
            busy.set(false);
            for (Thread spinner : spinners) {
                spinner.join();
            }
        }
    }

    private CellOutcome run(String code) {
        return runner.run(code, ++count);
    }

    private CellValue value(String code) {
        CellOutcome outcome = run(code);
        if (outcome instanceof Completed completed && completed.value().isPresent()) {
            return completed.value().get();
        }
        throw new AssertionError("no value: " + outcome);
    }

    private Failed failure(String code) {
        return assertInstanceOf(Failed.class, run(code));
    }
}
