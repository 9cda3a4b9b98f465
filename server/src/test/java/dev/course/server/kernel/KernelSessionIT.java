package dev.course.server.kernel;

import dev.course.server.sandbox.KernelLimits;
import dev.course.server.sandbox.Sandbox;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A real kernel process behind a {@link KernelSession}: output, errors, and faults the server must survive. */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class KernelSessionIT {

    private KernelSession session;

    /** What a cell sent, in order. */
    record Seen(String type, JsonNode content) {
    }

    private KernelSession start(Duration cellTimeout, List<String> setup) {
        KernelLimits limits = KernelLimits.defaults().withCellTimeout(cellTimeout);
        session = new KernelSession("it", KernelLauncher.forThisApplication(Sandbox.none("test"), limits), setup);
        return session;
    }

    private static List<Seen> collector() {
        return new CopyOnWriteArrayList<>();
    }

    private static String text(List<Seen> seen, String type) {
        StringBuilder out = new StringBuilder();
        seen.stream().filter(s -> s.type().equals(type)).forEach(s -> out.append(
                type.equals("stream") ? s.content().path("text").asText() : s.content().toString()));
        return out.toString();
    }

    private KernelSession.Reply run(String code, List<Seen> seen) throws Exception {
        return session.execute(code, (type, content) -> seen.add(new Seen(type, content))).get(90, TimeUnit.SECONDS);
    }

    @AfterEach
    void close() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void aKernelThatCannotStartLeavesTheSessionDeadNotStartingForEver(@org.junit.jupiter.api.io.TempDir java.nio.file.Path noJdk)
            throws Exception {
        KernelLauncher broken = new KernelLauncher(noJdk, List.of(noJdk.resolve("kernel.jar")), Sandbox.none("test"), KernelLimits.defaults(),
                KernelClassArchive.none());
        session = new KernelSession("broken", broken, List.of());
        List<KernelSession.State> states = new CopyOnWriteArrayList<>();
        session.onState(states::add);
        java.util.concurrent.ExecutionException failed = assertThrows(java.util.concurrent.ExecutionException.class,
                () -> session.warmUp().get(90, TimeUnit.SECONDS));
        assertTrue(failed.getCause() instanceof IllegalStateException, failed.toString());
        assertEquals(KernelSession.State.DEAD, session.state(), "a page shows 'kernel stopped', not 'starting': " + states);
        assertEquals(KernelSession.State.DEAD, states.getLast());

        KernelSession.Reply reply = run("1 + 1", collector());
        assertEquals("aborted", reply.status(), "the first cell tries again and says why it could not");
        assertTrue(reply.reply().path("reason").asText().contains("could not start"), reply.reply().toString());
    }

    @Test
    void runsCellsStreamsOutputAndKeepsState() throws Exception {
        start(Duration.ofSeconds(60), List.of("int base = 40;"));
        List<Seen> seen = collector();
        KernelSession.Reply reply = run("System.out.println(\"hello\");\nbase + 2", seen);
        assertEquals("ok", reply.status());
        assertNull(reply.restartReason());
        assertEquals("hello\n", text(seen, "stream"));
        assertEquals("42", seen.stream().filter(s -> s.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data").path("text/plain").asText());
    }

    @Test
    void reportsCompileErrorsWithTheLine() throws Exception {
        start(Duration.ofSeconds(60), List.of());
        List<Seen> seen = collector();
        KernelSession.Reply reply = run("int ok = 1;\nint wrong = \"text\";", seen);
        assertEquals("error", reply.status());
        String error = text(seen, "error");
        assertTrue(error.contains("line 2"), error);
    }

    @Test
    void stopsAnEndlessLoopByInterruptAndKeepsTheKernel() throws Exception {
        start(Duration.ofSeconds(3), List.of());
        List<Seen> first = collector();
        run("int kept = 7;", first);
        long pid = session.pid();
        List<Seen> seen = collector();
        KernelSession.Reply reply = run("while (true) { }", seen);
        assertEquals("error", reply.status());
        assertNull(reply.restartReason(), "JShell stops the loop; no restart needed");
        assertEquals(pid, session.pid());
        List<Seen> after = collector();
        assertEquals("ok", run("kept", after).status());
        assertTrue(text(after, "execute_result").contains("7"));
    }

    @Test
    void aCellWaitingForInputIsNotTimedOutAndGetsTheLearnersLine() throws Exception {
        start(Duration.ofSeconds(2), List.of());
        run("int warm = 1;", collector());
        assertFalse(session.answerInput("nobody asked"), "no cell waits for input");
        List<Seen> seen = collector();
        java.util.concurrent.CompletableFuture<KernelSession.Reply> cell = session.execute(
                "new Scanner(System.in).nextLine().toUpperCase()", (type, content) -> seen.add(new Seen(type, content)), true);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (seen.stream().noneMatch(s -> s.type().equals("input_request")) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(3000); // longer than the cell's 2 s: the clock does not run while the learner types

        assertTrue(session.answerInput("ada"));
        assertFalse(session.answerInput("twice"), "one answer per input_request");
        KernelSession.Reply reply = cell.get(60, TimeUnit.SECONDS);
        assertEquals("ok", reply.status(), seen.toString());
        assertEquals("\"ADA\"", seen.stream().filter(s -> s.type().equals("execute_result")).findFirst().orElseThrow()
                .content().path("data").path("text/plain").asText());
    }

    @Test
    void killsAndRestartsAKernelThatWillNotStop() throws Exception {
        start(Duration.ofSeconds(2), List.of("int fromSetup = 5;"));
        run("int lost = 1;", collector());
        long pid = session.pid();
        List<Seen> seen = collector();
        // The loop runs inside the JDK's stream code: there is no loop of the cell's for JShell to stop.
        KernelSession.Reply reply = run("java.util.stream.LongStream.range(0, Long.MAX_VALUE).map(Long::reverse).sum()", seen);
        assertEquals("error", reply.status());
        assertTrue(reply.restarted(), "the kernel had to be killed");
        assertTrue(reply.restartReason().contains("did not stop when interrupted"), reply.restartReason());
        assertNotEquals(pid, session.pid());
        List<Seen> after = collector();
        assertEquals("ok", run("fromSetup", after).status(), "setup code ran again in the new kernel");
        assertEquals("error", run("lost", collector()).status(), "earlier state is gone");
    }

    @Test
    void survivesSystemExit() throws Exception {
        start(Duration.ofSeconds(60), List.of());
        run("int x = 1;", collector());
        List<Seen> seen = collector();
        KernelSession.Reply reply = run("System.exit(1);", seen);
        assertTrue(reply.restarted());
        assertTrue(reply.restartReason().contains("code 1"), reply.restartReason());
        assertFalse(text(seen, "error").isEmpty(), "the cell shows why it failed");
        List<Seen> after = collector();
        assertEquals("ok", run("\"alive\"", after).status());
    }
}
