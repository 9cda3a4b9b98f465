package dev.course.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The application run by an ordinary user, as the server README recommends: the packaged jar, run
 * as an unprivileged uid, starts a sandboxed kernel ({@code course kernel run --sandbox}, the same
 * {@code Sandbox.detect()} and launcher as {@code serve}).
 *
 * <p>When the tests run as root (CI, containers) the application is started through {@code setpriv}
 * as uid/gid {@value #UID}, an account that exists nowhere, with no supplementary groups and no
 * capabilities, and a home of its own; run by an ordinary user it is started as that user. Either
 * way the kernel must be nobody inside a user namespace that maps it to the server's own uid, with
 * no capabilities, no-new-privileges, the seccomp filter, and no view of the host's files.
 */
class UnprivilegedServerIT {

    /** The server's uid and gid when the tests run as root: not in /etc/passwd, owns nothing but its home. */
    static final int UID = 4242;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    @Timeout(value = 240, unit = TimeUnit.SECONDS)
    void aServerRunByAnOrdinaryUserStartsSandboxedKernels(@TempDir Path dir) throws Exception {
        Path bwrap = executable("bwrap");
        requireOnCi(bwrap != null, "bubblewrap is not installed");
        boolean root = uidOf(Path.of("/proc/self")) == 0;
        Path setpriv = executable("setpriv");
        requireOnCi(!root || setpriv != null, "the tests run as root and setpriv (util-linux) is missing");
        int serverUid = root ? UID : uidOf(Path.of("/proc/self"));

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectory(dir.resolve("home"));
        Path secret = Files.writeString(home.resolve("server-secret.txt"), "secret");
        Path app = readableApplication(dir, root, setpriv);
        Path cells = Files.writeString(dir.resolve("cells.jsh"), """
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.matches("(Uid|CapEff|CapBnd|NoNewPrivs|Seccomp):.*")) System.out.println(line.replaceAll("\\\\s+", " "));
                }
                System.out.println("uid_map " + Files.readString(Path.of("/proc/self/uid_map")).strip().replaceAll("\\\\s+", " "));
                //%%
                Process p = new ProcessBuilder("unshare", "-Ur", "id").redirectErrorStream(true).start();
                String out = new String(p.getInputStream().readAllBytes()).strip();
                System.out.println("unshare " + p.waitFor() + " " + out);
                //%%
                System.out.println("passwd " + Files.exists(Path.of("/etc/passwd")) + " home " + Files.exists(Path.of("%s")));
                """.formatted(secret));
        Files.setPosixFilePermissions(cells, PosixFilePermissions.fromString("rw-r--r--"));
        if (root) {
            Files.setAttribute(home, "unix:uid", UID);
            Files.setAttribute(home, "unix:gid", UID);
        }

        List<String> command = new ArrayList<>();
        if (root) {
            command.addAll(List.of(setpriv.toString(), "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                    "--inh-caps=-all", "--"));
        }
        command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-Duser.home=" + home,
                "-cp", app.resolve("course-server.jar") + java.io.File.pathSeparator + app.resolve("lib") + "/*",
                CourseCli.class.getName(), "kernel", "run", "--sandbox", "--timeout", "60", cells.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile())
                .redirectError(dir.resolve("stderr.txt").toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        env.putAll(Map.of("PATH", "/usr/bin:/bin:/usr/sbin:/sbin", "HOME", home.toString(), "LANG", "C.UTF-8"));
        Process server = builder.start();
        StringBuilder out = new StringBuilder();
        String serverStatus = "";
        try (BufferedReader lines = server.inputReader(StandardCharsets.UTF_8)) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (out.isEmpty()) { // the kernel answered, so setpriv has long become the application's JVM
                    serverStatus = Files.readString(Path.of("/proc", Long.toString(server.pid()), "status"));
                }
                out.append(line).append('\n');
            }
        }
        assertTrue(server.waitFor(200, TimeUnit.SECONDS), "kernel run ended");
        String stderr = Files.readString(dir.resolve("stderr.txt"));
        String streams = streams(out.toString());
        String context = "\nstdout streams:\n" + streams + "\nstderr:\n" + stderr;

        assertTrue(serverStatus.matches("(?s).*\nUid:\\s+" + serverUid + "\\s+" + serverUid + "\\s+" + serverUid + "\\s.*"),
                "the application runs as uid " + serverUid + ": " + serverStatus);
        assertTrue(serverStatus.matches("(?s).*\nCapEff:\\s+0+\n.*"), "the application has no capabilities: " + serverStatus);
        assertEquals(0, server.exitValue(), "every cell ran" + context);
        assertTrue(stderr.contains("sandboxed: bubblewrap") && stderr.contains("seccomp ("),
                "bubblewrap and the seccomp filter apply without root" + context);
        assertTrue(streams.contains("Uid: 65534 65534 65534 65534"), "the kernel is nobody in its namespace" + context);
        assertTrue(streams.contains("uid_map 65534 0 1"),
                "nobody in the inner namespace is the outer one's root, which bubblewrap maps to the server's uid" + context);
        assertTrue(streams.contains("CapEff: 0000000000000000") && streams.contains("CapBnd: 0000000000000000"), context);
        assertTrue(streams.contains("NoNewPrivs: 1"), context);
        assertTrue(streams.contains("Seccomp: 2"), "the seccomp filter applies" + context);
        assertTrue(streams.matches("(?s).*unshare [1-9]\\d* .*Operation not permitted.*"), "no new user namespace" + context);
        assertFalse(streams.contains("uid=0"), context);
        assertTrue(streams.contains("passwd false home false"), "the host's files and the server's home are not visible" + context);
    }

    /**
     * The packaged application (jar and lib), where the server's user can read it: in place if it can
     * already, else copied, world-readable, into {@code dir} (the build may live in root's home).
     */
    private static Path readableApplication(Path dir, boolean root, Path setpriv) throws Exception {
        Path jar = Path.of(System.getProperty("course.jar"));
        Path lib = Path.of(System.getProperty("course.lib"));
        assertTrue(Files.isRegularFile(jar) && Files.isDirectory(lib), "run after packaging: " + jar);
        Path inPlace = jar.getParent();
        if (!root || readableBy(setpriv, jar, lib)) {
            return inPlace;
        }
        Path copy = Files.createDirectories(dir.resolve("app/lib"));
        Files.copy(jar, dir.resolve("app/course-server.jar"), StandardCopyOption.COPY_ATTRIBUTES);
        try (Stream<Path> jars = Files.list(lib)) {
            for (Path file : jars.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        try (Stream<Path> all = Files.walk(dir.resolve("app"))) {
            for (Path p : all.toList()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
        return dir.resolve("app");
    }

    /** Whether uid {@value #UID} can read the jar and list the lib folder. */
    private static boolean readableBy(Path setpriv, Path jar, Path lib) throws IOException, InterruptedException {
        Process test = new ProcessBuilder(setpriv.toString(), "--reuid=" + UID, "--regid=" + UID, "--clear-groups",
                "/bin/sh", "-c", "test -r \"$0\" && test -r \"$1\" && test -x \"$1\" && test -r \"$1\"/$(ls \"$1\" | head -1)",
                jar.toString(), lib.toString()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return test.waitFor(10, TimeUnit.SECONDS) && test.exitValue() == 0;
    }

    private static String streams(String jsonLines) throws IOException {
        StringBuilder text = new StringBuilder();
        for (String line : jsonLines.split("\n")) {
            if (!line.isBlank()) {
                JsonNode message = JSON.readTree(line);
                if (message.get("msg_type").asText().equals("stream")) {
                    text.append(message.at("/content/text").asText());
                }
            }
        }
        return text.toString();
    }

    private static int uidOf(Path procEntry) throws IOException {
        return (Integer) Files.getAttribute(procEntry, "unix:uid");
    }

    private static Path executable(String name) {
        return Stream.of("/usr/bin", "/bin", "/usr/sbin", "/sbin").map(d -> Path.of(d, name)).filter(Files::isExecutable)
                .findFirst().orElse(null);
    }

    /** Skips where a system package is missing, except on CI ({@code CI=true}), which must have them: there it fails. */
    private static void requireOnCi(boolean present, String message) {
        if (!present && "true".equals(System.getenv("CI"))) {
            fail("CI (CI=true) must have it: " + message);
        }
        Assumptions.assumeTrue(present, message);
    }
}
