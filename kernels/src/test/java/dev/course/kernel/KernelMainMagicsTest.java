package dev.course.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.StdioKernel.Execution;
import dev.course.kernel.magic.TestRepository;
import dev.course.kernel.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Magics through the real kernel process, over the stdio protocol: output on IOPub, errors as
 * {@code error} messages, completion and completeness; {@code %maven} resolving from a repository in
 * a folder (no network) into an empty local repository.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class KernelMainMagicsTest {

    @TempDir
    static Path dir;

    private StdioKernel kernel;

    @BeforeAll
    void startKernel() throws Exception {
        Path repository = TestRepository.build(dir);
        kernel = StdioKernel.start(
                "-Dcourse.kernel.mavenLocal=" + dir.resolve("local"),
                "-Dcourse.kernel.mavenRepositories=folder=" + repository.toUri());
    }

    @AfterAll
    void stopKernel() {
        kernel.close();
    }

    @Test
    void lsmagicPrintsOnStdout() {
        Execution run = kernel.execute("%lsmagic");
        assertEquals("ok", run.status());
        assertTrue(run.stream("stdout").contains("%maven") && run.stream("stdout").contains("%%loadFromPOM"), run.stream("stdout"));
        assertTrue(run.ofType("execute_result").isEmpty());
    }

    @Test
    void mavenResolvesIntoTheSessionAndTheNextLinesUseIt() {
        Execution run = kernel.execute("%maven " + TestRepository.LIB + "\nmagicdemo.lib.Greeter.hi(\"Jupyter\")");
        assertEquals("ok", run.status(), run.iopub().toString());
        assertEquals("\"hello, Jupyter\"", run.resultText());
        String stdout = run.stream("stdout");
        assertTrue(stdout.contains("  magicdemo:greeter-base:2.0  (downloaded from folder, "), stdout);
        assertTrue(stdout.contains("Added 2 jars to the class path."), stdout);
        assertTrue(Files.isDirectory(dir.resolve("local/magicdemo/greeter-lib/1.0")));
        assertTrue(run.stream("stderr").isEmpty(), "nothing from the resolver's logging: " + run.stream("stderr"));
    }

    @Test
    void aFailingMagicIsAnErrorAndNormalCellsStillRun() {
        Execution run = kernel.execute("%nope");
        assertEquals("error", run.status());
        JsonNode error = run.ofType("error").getFirst().path("content");
        assertEquals("MagicError", error.path("ename").asText());
        assertEquals("line 1: there is no magic %nope; %lsmagic lists them", error.path("evalue").asText());

        assertEquals("42", kernel.execute("%time 6 * 7").resultText());
        assertEquals("2", kernel.execute("1 + 1").resultText());
    }

    @Test
    void magicNamesCompleteAndMagicLinesAreComplete() {
        String id = kernel.send("shell", "complete_request", Json.object("code", "%mav", "cursor_pos", 4));
        JsonNode completion = kernel.reply(id).path("content");
        assertEquals("[\"%maven\",\"%mavenRepo\"]", completion.path("matches").toString());
        assertEquals(0, completion.path("cursor_start").asInt());
        assertEquals(4, completion.path("cursor_end").asInt());

        assertEquals("complete", isComplete("%lsmagic"));
        assertEquals("incomplete", isComplete("%lsmagic\nint f() {"));
        assertEquals("complete", isComplete("%%time\nint f() {"));
    }

    private String isComplete(String code) {
        return kernel.reply(kernel.send("shell", "is_complete_request", Json.object("code", code)))
                .path("content").path("status").asText();
    }
}
