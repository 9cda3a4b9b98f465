package dev.course.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import dev.course.kernel.jshell.CellOutcome.Failed;
import dev.course.kernel.jshell.CellRunner;
import dev.course.kernel.jshell.JShellSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** Every magic in a real JShell session in this JVM, with the kernel's set of magics. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MagicCellRunnerTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private JShellSession session;
    private Magics magics;
    private MagicCellRunner runner;
    private int count;

    @BeforeAll
    void start() {
        session = new JShellSession(System.out, System.err);
        magics = KernelMagics.all(session);
    }

    @BeforeEach
    void newRunner() {
        out.reset();
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        runner = new MagicCellRunner(new CellRunner(session, print), magics, session, print, print, dir);
    }

    @AfterAll
    void stop() {
        session.close();
    }

    private CellOutcome run(String code) {
        return runner.run(code, ++count);
    }

    private String valueOf(String code) {
        CellOutcome outcome = run(code);
        Completed completed = assertInstanceOf(Completed.class, outcome, () -> "failed: " + outcome);
        return completed.value().orElseThrow(() -> new AssertionError("no value: " + code)).text();
    }

    private Failed failureOf(String code) {
        return assertInstanceOf(Failed.class, run(code));
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void cellsWithoutMagicsRunAsBefore() {
        assertEquals("2", valueOf("1 + 1"));
        assertEquals("1", valueOf("int a = 7;\na\n % 3"), "a % further down is Java's remainder");
        assertEquals("", printed());
    }

    @Test
    void lsmagicListsLineAndCellMagics() {
        run("%lsmagic");
        String text = printed();
        assertTrue(text.contains("Available line magics:"), text);
        for (String name : List.of("%classpath", "%env", "%help", "%jars", "%load", "%lsmagic", "%time", "%%time")) {
            assertTrue(text.contains(name), name + " in " + text);
        }
        assertTrue(text.indexOf("%%time") > text.indexOf("Available cell magics:"), text);
    }

    @Test
    void helpExplainsOneOrAll() {
        run("%help jars");
        assertTrue(printed().startsWith("%jars PATH..."), printed());
        out.reset();
        run("%help");
        assertTrue(printed().contains("%load FILE") && printed().contains("%env [NAME | NAME=VALUE]"), printed());
        assertTrue(failureOf("%help nothing").evalue().contains("there is no magic %nothing"));
    }

    @Test
    void unknownOrMisplacedMagicsSayWhatToDo() {
        Failed unknown = failureOf("%jar lib/x.jar");
        assertEquals(MagicCellRunner.MAGIC_ERROR, unknown.ename());
        assertEquals("line 1: there is no magic %jar; %lsmagic lists them", unknown.evalue());
        assertTrue(failureOf("%lsmagic\n%%time\n1").evalue().contains("must be the first line"));
        assertTrue(failureOf("%%jars x").evalue().contains("is a line magic"));
        assertTrue(failureOf("%").evalue().contains("a magic needs a name"));
    }

    @Test
    void timeRunsItsJavaAndKeepsTheValue() {
        assertEquals("42", valueOf("%time 6 * 7"));
        assertTrue(printed().matches("(?s)CPU time: .* \\(whole kernel\\), Wall time: \\d.*"), printed());
        out.reset();
        assertEquals("6", valueOf("%%time\nint three = 3;\nthree * 2"));
        assertTrue(printed().contains("Wall time: "), printed());
        assertEquals("3", valueOf("three"), "what a timed cell defines stays defined");
        assertTrue(failureOf("%time").evalue().contains("needs the Java to time"));
    }

    @Test
    void javaAfterLineMagicsKeepsItsLineNumbers() {
        Failed failed = failureOf("%lsmagic\n\nint broken = \"text\";");
        assertEquals("CompileError", failed.ename());
        assertTrue(failed.evalue().startsWith("line 3: "), failed.evalue());
        assertEquals("5", valueOf("%lsmagic\nint five = 5;\nfive"));
    }

    @Test
    void envShowsAndSetsVariablesForNativeCode() throws Throwable {
        run("%env");
        assertTrue(printed().contains("PATH="), "the start-up environment is listed");
        out.reset();
        run("%env COURSE_MAGIC_TEST=hello world");
        assertEquals("env: COURSE_MAGIC_TEST=hello world\n", printed());
        out.reset();
        run("%env COURSE_MAGIC_TEST");
        assertEquals("hello world\n", printed());
        assertEquals("hello world", nativeGetenv("COURSE_MAGIC_TEST"), "native libraries see it");
        assertTrue(failureOf("%env COURSE_NEVER_SET").evalue().contains("is not set"));
        assertTrue(failureOf("%env 1BAD=x").evalue().contains("NAME or NAME=VALUE"));
    }

    private static String nativeGetenv(String name) throws Throwable {
        Linker linker = Linker.nativeLinker();
        MethodHandle getenv = linker.downcallHandle(linker.defaultLookup().find("getenv").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = (MemorySegment) getenv.invokeExact(arena.allocateFrom(name));
            return value.equals(MemorySegment.NULL) ? null : value.reinterpret(Long.MAX_VALUE).getString(0);
        }
    }

    @Test
    void loadRunsAFilesSnippetsInTheSession() throws Exception {
        Files.writeString(dir.resolve("Helpers.java"), "package demo.helpers;\n\nint twice(int x) {\n    return 2 * x;\n}\ntwice(21)\n");
        assertEquals("42", valueOf("%load Helpers.java"));
        assertEquals("8", valueOf("twice(4)"), "the file's method stays defined");

        Files.writeString(dir.resolve("bad.jsh"), "int ok = 1;\n\nint wrong = \"no\";\n");
        assertTrue(failureOf("%load bad.jsh").evalue().startsWith("line 3: "), "errors name the file's line");
        Files.writeString(dir.resolve("exit.jsh"), "int x = 1;\n/exit\n");
        assertTrue(failureOf("%load exit.jsh").evalue().contains("JShell command /exit"));
        Files.write(dir.resolve("huge.jsh"), new byte[(int) LoadMagic.MAX_FILE_BYTES + 1]);
        assertTrue(failureOf("%load huge.jsh").evalue().contains("at most 1024 KB"));
        assertTrue(failureOf("%load missing.jsh").evalue().contains("no such file"));
        assertTrue(failureOf("%load notes.txt").evalue().contains(".jsh and .java"));
    }

    @Test
    void jarsAndClasspathAddToTheClassPathOfLaterCells() throws Exception {
        Path classes = TestJars.compile(dir, "magicdemo.one.Greeter", TestJars.greeter("magicdemo.one.Greeter", "from a jar"), List.of());
        TestJars.jar(classes, dir.resolve("lib/greeter-1.0.jar"));
        Files.writeString(dir.resolve("lib/README.txt"), "not a jar");
        Path folder = TestJars.compile(dir, "magicdemo.two.Greeter", TestJars.greeter("magicdemo.two.Greeter", "from a folder"), List.of());

        assertInstanceOf(Failed.class, run("magicdemo.one.Greeter.hi()"), "not on the class path yet");
        assertEquals("\"from a jar\"", valueOf("%jars lib/*\nmagicdemo.one.Greeter.hi()"));
        assertTrue(printed().contains("added " + dir.resolve("lib/greeter-1.0.jar")), printed());
        assertEquals("\"from a folder\"", valueOf("%classpath " + folder + "\nmagicdemo.two.Greeter.hi()"));

        out.reset();
        run("%classpath");
        assertEquals(dir.resolve("lib/greeter-1.0.jar") + "\n" + folder + "\n", printed());
        out.reset();
        run("%jars lib");
        assertTrue(printed().startsWith("already on the class path: "), "a folder stands for its jars; added once");

        assertTrue(failureOf("%jars nowhere/*.jar").evalue().contains("nothing matches nowhere/*.jar"));
        assertTrue(failureOf("%jars lib/README.txt").evalue().contains("neither a jar nor a folder"));
        assertTrue(failureOf("%jars").evalue().contains("needs one or more paths"));
    }

    @Test
    void completesMagicNamesAtTheStartOfALine() {
        var completion = magics.complete("%cl", 3).orElseThrow();
        assertEquals(List.of("%classpath"), completion.matches());
        assertEquals(0, completion.start());
        assertEquals(List.of("%%time"), magics.complete("int x = 1;\n  %%t", 16).orElseThrow().matches());
        assertEquals(List.of("%time", "%%time"), magics.complete("%t", 2).orElseThrow().matches());
        assertTrue(magics.complete("Math.ma", 7).isEmpty(), "Java is JShell's to complete");
        assertTrue(magics.complete("%jars li", 8).isEmpty(), "arguments are not names");
    }
}
