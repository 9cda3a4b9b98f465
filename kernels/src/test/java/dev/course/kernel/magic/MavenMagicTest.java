package dev.course.kernel.magic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.course.kernel.dependencies.MavenResolver;
import dev.course.kernel.dependencies.Repository;
import dev.course.kernel.jshell.CellOutcome;
import dev.course.kernel.jshell.CellOutcome.Completed;
import dev.course.kernel.jshell.CellOutcome.Failed;
import dev.course.kernel.jshell.CellRunner;
import dev.course.kernel.jshell.JShellSession;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code %maven}, {@code %mavenRepo} and {@code %%loadFromPOM} with Maven's resolver against a
 * repository in a folder made by the test ({@link TestRepository}) and an empty local repository:
 * no network needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MavenMagicTest {

    @TempDir
    static Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private Path local;
    private Path remote;
    private JShellSession session;
    private MavenResolver resolver;
    private Magics magics;
    private int count;

    @BeforeAll
    void start() throws Exception {
        remote = TestRepository.build(dir);
        local = dir.resolve("local-repository");
        session = new JShellSession(System.out, System.err);
        resolver = new MavenResolver(settings(List.of(new Repository("test-repo", remote.toUri().toString())), Duration.ofMinutes(1)));
        magics = magicsWith(resolver);
    }

    private MavenResolver.Settings settings(List<Repository> repositories, Duration deadline) {
        return new MavenResolver.Settings(local, repositories, deadline, Duration.ofSeconds(2), Duration.ofSeconds(2));
    }

    private Magics magicsWith(MavenResolver mavenResolver) {
        SessionDependencies dependencies = new SessionDependencies(mavenResolver, new SessionClassPath(session));
        return new Magics().add(new MavenMagic(dependencies), new MavenRepoMagic(dependencies), new LoadFromPomMagic(dependencies));
    }

    @BeforeEach
    void clearOutput() {
        out.reset();
    }

    @AfterAll
    void stop() {
        resolver.close();
        session.close();
    }

    private CellOutcome run(Magics with, String code) {
        PrintStream print = new PrintStream(out, true, StandardCharsets.UTF_8);
        return new MagicCellRunner(new CellRunner(session, print), with, session, print, print, dir).run(code, ++count);
    }

    private String valueOf(String code) {
        CellOutcome outcome = run(magics, code);
        Completed completed = assertInstanceOf(Completed.class, outcome, () -> outcome + "\n" + printed());
        return completed.value().orElseThrow().text();
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void resolvesAnArtifactWithItsDependenciesOntoTheClassPath() {
        assertEquals("\"hello, Ada\"", valueOf("%maven " + TestRepository.LIB + "\nmagicdemo.lib.Greeter.hi(\"Ada\")"));
        String text = printed();
        assertTrue(text.startsWith("Resolving magicdemo:greeter-lib:1.0 from the local repository " + local + ", then test-repo"), text);
        assertTrue(text.contains("  magicdemo:greeter-lib:1.0  (downloaded from test-repo, "), text);
        assertTrue(text.contains("  magicdemo:greeter-base:2.0  (downloaded from test-repo, "), text);
        assertTrue(text.contains("Added 2 jars to the class path."), text);
        assertTrue(!text.contains("never-needed"), "test-scoped dependencies are left out");
        assertTrue(Files.isRegularFile(local.resolve("magicdemo/greeter-base/2.0/greeter-base-2.0.jar")),
                "downloads land in the local repository");
    }

    @Test
    @Order(2)
    void offlineUsesTheLocalRepositoryAndNamesWhatIsMissing() {
        CellOutcome again = run(magics, "%maven --offline " + TestRepository.LIB);
        assertInstanceOf(Completed.class, again, printed());
        assertTrue(printed().contains("  magicdemo:greeter-base:2.0  (local repository)"), printed());
        assertTrue(printed().contains("Added 0 of 2 jars to the class path (the others were there already)."), printed());

        Failed missing = assertInstanceOf(Failed.class, run(magics, "%maven --offline magicdemo:absent:1.0"));
        assertEquals(MagicCellRunner.MAGIC_ERROR, missing.ename());
        assertEquals("offline, and the local repository " + local + " lacks magicdemo:absent:1.0", missing.evalue());
    }

    @Test
    @Order(3)
    void anArtifactNowhereToBeFoundIsNamed() {
        Failed missing = assertInstanceOf(Failed.class, run(magics, "%maven magicdemo:absent:1.0"));
        assertTrue(missing.evalue().startsWith("could not resolve magicdemo:absent:1.0 from the local repository " + local),
                missing.evalue());
        Failed bad = assertInstanceOf(Failed.class, run(magics, "%maven just-a-name"));
        assertTrue(bad.evalue().startsWith("not Maven coordinates: just-a-name"), bad.evalue());
        assertTrue(assertInstanceOf(Failed.class, run(magics, "%maven")).evalue().contains("needs coordinates"));
    }

    @Test
    @Order(4)
    void loadFromPomSearchesTheRepositoriesItNames() throws Exception {
        Path second = dir.resolve("second");
        Files.createDirectories(second);
        Path classes = TestJars.compile(second, "magicdemo.pom.Thing",
                "package magicdemo.pom;\npublic class Thing { public static int answer() { return 42; } }\n", List.of());
        Path folder = Files.createDirectories(second.resolve("repo/magicdemo/thing/3.1"));
        TestJars.jar(classes, folder.resolve("thing-3.1.jar"));
        Files.writeString(folder.resolve("thing-3.1.pom"), "<project><modelVersion>4.0.0</modelVersion><groupId>magicdemo</groupId>"
                + "<artifactId>thing</artifactId><version>3.1</version></project>");

        CellOutcome outcome = run(magics, """
                %%loadFromPOM
                <repository><id>second</id><url>SECOND</url></repository>
                <dependency>
                  <groupId>magicdemo</groupId><artifactId>thing</artifactId><version>3.1</version>
                </dependency>
                <dependency>
                  <groupId>org.junit</groupId><artifactId>only-for-tests</artifactId><version>1</version><scope>test</scope>
                </dependency>
                """.replace("SECOND", second.resolve("repo").toUri().toString()));
        assertInstanceOf(Completed.class, outcome, () -> outcome + "\n" + printed());
        assertTrue(printed().contains("skipped org.junit:only-for-tests:jar:1 (scope test)"), printed());
        assertTrue(printed().contains("  magicdemo:thing:3.1  (downloaded from second, "), printed());
        assertEquals("42", valueOf("magicdemo.pom.Thing.answer()"));

        Failed doctype = assertInstanceOf(Failed.class, run(magics, "%%loadFromPOM\n<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><dependency/>"));
        assertTrue(doctype.evalue().contains("does not parse"), doctype.evalue());
        Failed oneSign = assertInstanceOf(Failed.class, run(magics, "%loadFromPOM"));
        assertEquals("%loadFromPOM is a cell magic: write %%loadFromPOM [--offline] as the first line of the cell", oneSign.evalue());
    }

    @Test
    @Order(5)
    void mavenRepoAddsARepositoryForLaterCalls() {
        assertInstanceOf(Completed.class, run(magics, "%mavenRepo extra " + remote.toUri()));
        assertEquals("added repository extra (" + remote.toUri() + ")\n", printed());
        assertInstanceOf(Completed.class, run(magics, "%mavenRepo extra " + remote.toUri()));
        assertTrue(printed().contains("is known already"));
        assertTrue(assertInstanceOf(Failed.class, run(magics, "%mavenRepo x ftp://example.org/"))
                .evalue().contains("https:, http: or file:"));
    }

    @Test
    @Order(6)
    void anUnreachableRepositoryIsSaidToBe() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (MavenResolver unreachable = new MavenResolver(settings(
                List.of(new Repository("nowhere", "http://127.0.0.1:" + closedPort + "/maven2/")), Duration.ofMinutes(1)))) {
            Failed failed = assertInstanceOf(Failed.class, run(magicsWith(unreachable), "%maven magicdemo:absent:1.0"));
            assertTrue(failed.evalue().contains("nowhere cannot be reached (")
                            || failed.evalue().startsWith("this kernel has no network"), failed.evalue());
            assertTrue(failed.evalue().contains(" lacks magicdemo:absent:1.0"), failed.evalue());
        }
    }

    @Test
    @Order(7)
    void aRepositoryThatNeverAnswersMeetsTheDeadline() throws Exception {
        try (ServerSocket silent = new ServerSocket(0);
                MavenResolver slow = new MavenResolver(new MavenResolver.Settings(local,
                        List.of(new Repository("silent", "http://127.0.0.1:" + silent.getLocalPort() + "/maven2/")),
                        Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofSeconds(30)))) {
            Thread.ofVirtual().start(() -> acceptAndSayNothing(silent));
            long start = System.nanoTime();
            Failed failed = assertInstanceOf(Failed.class, run(magicsWith(slow), "%maven magicdemo:slow:1.0"));
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            assertTrue(failed.evalue().startsWith("gave up after 1 s resolving magicdemo:slow:1.0")
                    || failed.evalue().startsWith("this kernel has no network"), failed.evalue());
            assertTrue(seconds < 10, "the deadline holds: " + seconds + " s");
        }
    }

    private static void acceptAndSayNothing(ServerSocket server) {
        try {
            while (true) {
                Socket ignored = server.accept(); // held open, never answered
                ignored.setKeepAlive(true);
            }
        } catch (Exception e) {
            // the server socket was closed
        }
    }
}
