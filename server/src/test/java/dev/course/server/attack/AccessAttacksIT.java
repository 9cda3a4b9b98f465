package dev.course.server.attack;

import dev.course.server.app.TestServers;
import dev.course.server.app.CourseApplication;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.course.server.cli.CourseCli;
import dev.course.server.kernel.KernelPool;
import dev.course.server.progress.Database;
import dev.course.server.web.CourseServer;
import dev.course.server.web.PageClient;
import dev.course.server.workshop.Workshop;
import dev.course.server.workshop.WorkshopStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The server as an attacker meets it: a real workshop server with real sandboxed kernels, real
 * WebSocket clients and raw sockets for the requests a browser would never send. Each case was
 * an open door before (issue 12): invented cookies started kernels and wrote rows, a rebound DNS
 * name drove kernels, locked steps downloaded as notebooks, nothing limited saves or restarts.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class AccessAttacksIT {

    private static final String OPEN = "foundations/vectors-and-similarity";
    private static final String ALSO_OPEN = "build-your-own-search/tokens-and-wordpiece";
    private static final String LOCKED = "build-your-own-search/keyword-search-bm25";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Database database;
    private static KernelPool pool;
    private static CourseApplication server;
    private static String base;
    private static int port;
    private static String joinCode;
    private static WorkshopStore workshops;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        database = Database.sqlite(Files.createTempDirectory("course-attacks").resolve("course.db"));
        server = TestServers.application().maxKernels(6).database(database)
                .workshop("instructor-secret-for-attack-tests-0123456789")
                .safeguards(CourseServer.Safeguards.ephemeral().withKernelCaps(1, 2)).start();
        pool = server.kernels();
        workshops = server.workshops();
        port = server.port();
        base = "http://127.0.0.1:" + port;
        Workshop workshop = workshops.create("Attacks", List.of(OPEN, ALSO_OPEN, LOCKED));
        workshops.unlockNext(workshop.code());
        joinCode = workshop.code();
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A workshop member, as a browser becomes one: the home page's cookie, then the join form. */
    private static String member(String name) throws Exception {
        String learner = PageClient.newLearner(base);
        try (PageClient page = new PageClient(base, learner)) {
            assertEquals(302, page.postForm("/join/" + joinCode, Map.of("name", name)).statusCode());
        }
        return learner;
    }

    private static long rows(String table) {
        long[] count = {0};
        database.query("SELECT COUNT(*) FROM " + table, result -> {
            result.next();
            count[0] = result.getLong(1);
        });
        return count[0];
    }

    /** Opens the kernel socket with a cookie and waits for the server to close it; its close code, or -1 if it stayed open. */
    private static int closeCode(String cookieValue, String lesson) throws Exception {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        WebSocket socket = HTTP.newWebSocketBuilder().header("Cookie", "course_learner=" + cookieValue).header("Origin", base)
                .buildAsync(URI.create(base.replace("http", "ws") + "/ws/kernel?lesson=" + lesson), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                        closed.complete(statusCode);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            return closed.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException open) {
            socket.abort();
            return -1;
        }
    }

    @Test
    void aThousandInventedCookiesStartNoKernelAndWriteNoRow() throws Exception {
        String realMember = member("Real");
        long learnersBefore = rows("learner");
        int kernelsBefore = pool.size();
        SecureRandom random = new SecureRandom();
        String signature = realMember.substring(realMember.indexOf('.'));
        for (int i = 0; i < 1000; i++) {
            byte[] id = new byte[16];
            random.nextBytes(id);
            String hex = HexFormat.of().formatHex(id);
            // bare ids (the old format), and ids carrying a real learner's signature
            String invented = i % 2 == 0 ? hex : hex + signature;
            assertEquals(4401, closeCode(invented, OPEN), "invented cookie " + invented);
        }
        assertEquals(kernelsBefore, pool.size(), "no kernel started for an invented learner");
        assertEquals(learnersBefore, rows("learner"), "no learner row written");
        assertEquals(0, rows("learner WHERE id NOT IN (SELECT learner_id FROM workshop_member)"), "only learners who did something");
    }

    @Test
    void kernelsAreCappedPerLearnerAndPerAddress() throws Exception {
        String ada = member("Ada");
        try (PageClient first = new PageClient(base, ada).open(OPEN)) {
            first.await(m -> m.path("msg_type").asText().equals("kernel_status"), Duration.ofSeconds(10));
            assertEquals(4503, closeCode(ada, ALSO_OPEN), "a second kernel is over this learner's cap of 1");
            String bob = member("Bob");
            try (PageClient second = new PageClient(base, bob).open(OPEN)) {
                second.await(m -> m.path("msg_type").asText().equals("kernel_status"), Duration.ofSeconds(10));
                assertEquals(4503, closeCode(member("Cy"), OPEN), "a third kernel from 127.0.0.1 is over the address's cap of 2");
            } finally {
                release(bob, OPEN);
            }
        } finally {
            release(ada, OPEN);
        }
    }

    /** Closes a learner's kernel, so the next case starts under the per-address cap again. */
    private static void release(String learnerCookie, String lesson) {
        pool.release(learnerCookie.substring(0, learnerCookie.indexOf('.')) + ":" + lesson);
    }

    /** A WebSocket handshake or GET over a raw socket, with the Host and Origin a rebound DNS name gives. */
    private static String raw(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                head.append((char) b);
            }
            String status = head.toString().lines().findFirst().orElse("");
            if (!status.contains(" 101 ")) {
                return status;
            }
            int opcode = in.read() & 0x0f;
            int length = in.read() & 0x7f;
            if (length == 126) {
                length = (in.read() << 8) | in.read();
            }
            byte[] payload = in.readNBytes(length);
            if (opcode == 8) {
                return "close " + (((payload[0] & 0xff) << 8) | (payload[1] & 0xff));
            }
            return "text " + new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static String handshake(String host, String origin, String cookie) throws Exception {
        return raw("GET /ws/kernel?lesson=" + OPEN + " HTTP/1.1\r\nHost: " + host + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n"
                + "Cookie: course_learner=" + cookie + "\r\n\r\n");
    }

    @Test
    void aReboundNameCannotReachAKernel() throws Exception {
        String eve = member("Eve");
        String evil = "evil.example:" + port;
        String refused = handshake(evil, "http://" + evil, eve);
        assertTrue(refused.contains(" 421 ") || refused.contains(" 403 ") || refused.equals("close 4403"),
                "the rebinding handshake is refused: " + refused);
        String accepted = handshake("127.0.0.1:" + port, base, eve);
        assertTrue(accepted.startsWith("text ") && accepted.contains("kernel_status") && !accepted.contains("refused"),
                "the real name is served: " + accepted);
        String page = raw("GET / HTTP/1.1\r\nHost: " + evil + "\r\nConnection: close\r\n\r\n");
        assertTrue(page.contains(" 421 "), "a page for a rebound name is refused: " + page);
        release(eve, OPEN);
    }

    @Test
    void lockedStepsAndUnrevealedSolutionsDoNotDownload() throws Exception {
        try (PageClient member = new PageClient(base, member("Lin"))) {
            var notebook = member.get("/notebooks/" + OPEN + ".ipynb");
            assertEquals(200, notebook.statusCode());
            assertFalse(notebook.body().contains("-solution\""), "the solution is not revealed yet");
            assertEquals(403, member.get("/notebooks/" + LOCKED + ".ipynb").statusCode(), "a locked step");
            workshops.reveal(joinCode, OPEN, "cosine");
            assertTrue(member.get("/notebooks/" + OPEN + ".ipynb").body().contains("-solution\""), "a revealed solution");
            var locked = member.get("/api/search?q=" + URLEncoder.encode("BM25 term frequency saturation", StandardCharsets.UTF_8));
            assertEquals(200, locked.statusCode(), locked.body());
            assertFalse(locked.body().contains(LOCKED), "search shows nothing of a locked step: " + locked.body());
            var found = member.get("/api/search?q=" + URLEncoder.encode("cosine similarity of two vectors", StandardCharsets.UTF_8));
            assertTrue(found.body().contains("/learn/" + OPEN), "open steps are still found: " + found.body());
        }
        try (PageClient stranger = new PageClient(base, PageClient.newLearner(base))) {
            assertEquals(403, stranger.get("/notebooks/" + OPEN + ".ipynb").statusCode(), "not a member");
        }
    }

    @Test
    void cookielessRequestsWriteNothing() throws Exception {
        long learners = rows("learner");
        long visits = rows("lesson_visit");
        for (String path : List.of("/", "/learn/" + OPEN, "/search?q=cosine", "/api/progress/" + OPEN, "/join/" + joinCode)) {
            HTTP.send(java.net.http.HttpRequest.newBuilder(URI.create(base + path)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        }
        assertEquals(learners, rows("learner"));
        assertEquals(visits, rows("lesson_visit"));
    }

    @Test
    void savesRestartsAndQueuedCellsAreLimited() throws Exception {
        String max = member("Max");
        try (PageClient page = new PageClient(base, max).open(OPEN)) {
            page.await(m -> m.path("msg_type").asText().equals("kernel_status"), Duration.ofSeconds(10));
            for (int i = 0; i < 200; i++) {
                page.send(PageClient.command("save").put("cell", "c1").put("code", "x".repeat(1000)));
            }
            JsonNode limited = page.await(m -> m.path("msg_type").asText().equals("problem"), Duration.ofSeconds(30));
            assertTrue(limited.at("/content/message").asText().contains("too many"), limited.toString());
            for (int i = 0; i < 10; i++) {
                page.send(PageClient.command("restart"));
            }
            JsonNode restarts = page.await(m -> m.path("msg_type").asText().equals("problem")
                    && m.at("/content/message").asText().contains("restart"), Duration.ofSeconds(30));
            assertTrue(restarts.at("/content/message").asText().contains("too many"), restarts.toString());
            for (int i = 0; i < 12; i++) {
                page.send(PageClient.command("execute").put("cell", "c1").put("code", "Thread.sleep(1000);"));
            }
            JsonNode full = page.await(m -> m.path("msg_type").asText().equals("execute_reply")
                    && m.at("/content/reason").asText().contains("waiting"), Duration.ofSeconds(60));
            assertEquals("aborted", full.at("/content/status").asText(), full.toString());
        } finally {
            release(max, OPEN);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE - 1) // near the end: it empties this address's search allowance
    void searchRefusesLongQueriesAndFloods() throws Exception {
        try (PageClient page = new PageClient(base, PageClient.newLearner(base))) {
            var tooLong = page.get("/api/search?q=" + "a".repeat(7000));
            assertEquals(400, tooLong.statusCode());
            assertTrue(tooLong.body().contains("characters"), tooLong.body());
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 60; i++) {
                statuses.add(page.get("/api/search?q=cosine+" + i).statusCode());
            }
            assertTrue(statuses.contains(429), "a flood of searches is limited: " + statuses);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(Integer.MAX_VALUE) // last: it empties this address's wrong-code allowance
    void guessingJoinCodesIsSlowedDownAndThenLearnsNothing() throws Exception {
        try (PageClient guesser = new PageClient(base, PageClient.newLearner(base))) {
            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                statuses.add(guesser.get("/join/ZZZZ" + (char) ('A' + i % 26) + (i / 26)).statusCode());
            }
            assertEquals(404, statuses.getFirst(), "a wrong code: " + statuses);
            assertEquals(429, statuses.getLast(), "guessing is limited: " + statuses);
            assertEquals(429, guesser.get("/join/" + joinCode).statusCode(), "the right code is not told apart while limited");
        }
    }

    /** Low items: no page can be framed, no error is sniffed as HTML, the instructor's cookie is not the token. */
    @Test
    void pagesForbidFramingErrorsAreNotSniffedAndTheInstructorCookieIsASession() throws Exception {
        try (PageClient visitor = new PageClient(base, PageClient.newLearner(base))) {
            for (String page : List.of("/", "/learn/" + OPEN, "/join/" + joinCode)) {
                HttpResponse<String> response = visitor.get(page);
                assertTrue(response.statusCode() == 200 || response.statusCode() == 403, page + ": " + response.statusCode());
                assertTrue(response.headers().firstValue("Content-Security-Policy").orElse("").contains("frame-ancestors 'none'"),
                        page + " may not be framed: " + response.headers().map());
                assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(""), page);
                assertEquals("same-origin", response.headers().firstValue("Referrer-Policy").orElse(""), page);
            }
            HttpResponse<String> error = visitor.get("/learn/x/%3Cscript%3Ealert(1)%3C%2Fscript%3E");
            assertEquals(404, error.statusCode());
            assertEquals("nosniff", error.headers().firstValue("X-Content-Type-Options").orElse(""),
                    "an error that echoes its input is not sniffed as HTML: " + error.headers().map());
            assertFalse(error.headers().firstValue("Content-Type").orElse("").contains("html"), error.headers().map().toString());
        }
        String token = "instructor-secret-for-attack-tests-0123456789";
        HttpResponse<String> granted = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/instructor?token=" + token)).build(),
                HttpResponse.BodyHandlers.ofString());
        String session = granted.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("course_instructor="))
                .findFirst().orElseThrow(() -> new AssertionError("no instructor session: " + granted.headers().map()));
        String value = session.substring("course_instructor=".length(), session.indexOf(';'));
        assertFalse(value.contains(token), "the cookie is a session, not the token: " + session);
        assertTrue(session.contains("HttpOnly") && session.contains("SameSite=Strict") && session.contains("Max-Age=43200"), session);
        HttpResponse<String> dashboard = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/instructor"))
                .header("Cookie", "course_instructor=" + value).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, dashboard.statusCode());
        assertTrue(dashboard.body().contains("self-checked"), "the dashboard says passes are self-checked");
        assertEquals(403, HTTP.send(HttpRequest.newBuilder(URI.create(base + "/instructor"))
                .header("Cookie", "course_instructor=" + token).build(), HttpResponse.BodyHandlers.ofString()).statusCode(),
                "the token itself is no session");
    }

    @Test
    void workshopOnAPlainGatewayIsRefused(@TempDir Path dir) throws Exception {
        Process serve = new ProcessBuilder(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"), CourseCli.class.getName(),
                "serve", "--port", "0",
                "--database", dir.resolve("p.db").toString(), "--workshop", "--gateway", "http://127.0.0.1:9/"))
                .redirectErrorStream(true).start();
        String output = new String(serve.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(serve.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, serve.exitValue(), output);
        assertTrue(output.contains("--gateway-isolated") && output.contains("unsandboxed"), output);
    }
}
