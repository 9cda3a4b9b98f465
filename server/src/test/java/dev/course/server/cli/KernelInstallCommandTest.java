package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code course kernel install} and {@code uninstall} in-process, into a temporary prefix. */
class KernelInstallCommandTest {

    @TempDir
    Path prefix;

    record Run(int exit, String out, String err) {
    }

    private static Run run(String... args) {
        PrintStream oldOut = System.out;
        var out = new ByteArrayOutputStream();
        var err = new StringWriter();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            int exit = CourseCli.commandLine().setErr(new PrintWriter(err, true)).execute(args);
            return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString());
        } finally {
            System.setOut(oldOut);
        }
    }

    @Test
    void installsWithTheOptionsSaysWhereAndUninstalls() throws Exception {
        Run install = run("kernel", "install", "--prefix", prefix.toString(), "--name", "java-test",
                "--display-name", "Java (test)", "--env", "COURSE_MODE=notebook", "--jvm-option=-Xmx1g");
        assertEquals(0, install.exit(), install.err());
        Path spec = prefix.resolve("share/jupyter/kernels/java-test");
        assertTrue(install.out().contains("Installed kernelspec 'java-test' (Java (test)) in " + spec), install.out());
        assertTrue(install.out().contains("keeps working after 'mvn clean'"), install.out());
        JsonNode json = new ObjectMapper().readTree(spec.resolve("kernel.json").toFile());
        assertEquals("Java (test)", json.path("display_name").asText());
        assertEquals("notebook", json.path("env").path("COURSE_MODE").asText());
        List<String> argv = new ArrayList<>();
        json.path("argv").forEach(arg -> argv.add(arg.asText()));
        assertTrue(argv.contains("-Xmx1g"), argv.toString());
        assertTrue(argv.get(argv.indexOf("-cp") + 1).startsWith(spec.resolve("lib").toString()), "the copied class path: " + argv);
        assertTrue(Files.exists(spec.resolve("logo-64x64.png")));

        Run again = run("kernel", "install", "--prefix", prefix.toString(), "--name", "java-test");
        assertEquals(UserErrors.USAGE, again.exit());
        assertTrue(again.err().contains("already installed") && again.err().contains("--replace"), again.err());
        assertEquals(0, run("kernel", "install", "--prefix", prefix.toString(), "--name", "java-test", "--replace").exit());

        Run uninstall = run("kernel", "uninstall", "--prefix", prefix.toString(), "--name", "java-test");
        assertEquals(0, uninstall.exit(), uninstall.err());
        assertFalse(Files.exists(spec));
        Run gone = run("kernel", "uninstall", "--prefix", prefix.toString(), "--name", "java-test");
        assertEquals(UserErrors.USAGE, gone.exit());
        assertTrue(gone.err().contains("no kernelspec 'java-test'"), gone.err());
    }

    @Test
    void badOptionsGetOneLineSayingWhatToDo() {
        Run badName = run("kernel", "install", "--prefix", prefix.toString(), "--name", "../up");
        assertEquals(UserErrors.USAGE, badName.exit());
        assertTrue(badName.err().contains("a kernel name may hold letters, digits"), badName.err());
        Run badOption = run("kernel", "install", "--prefix", prefix.toString(), "--jvm-option", "Xmx1g");
        assertEquals(UserErrors.USAGE, badOption.exit());
        assertTrue(badOption.err().contains("--jvm-option takes one JVM option"), badOption.err());
        Run twoTargets = run("kernel", "install", "--prefix", prefix.toString(), "--user");
        assertEquals(UserErrors.USAGE, twoTargets.exit());
    }
}
