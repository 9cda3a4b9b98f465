package dev.course.server.modelhub;

import dev.course.engine.corpus.Progress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hub client against a fake hub on 127.0.0.1: nothing here touches the real hub. */
@Timeout(60)
class HubClientTest {

    private static final String REPO = "someone/tiny-GGUF";

    @TempDir
    Path dir;

    private FakeHub hub;
    private final byte[] model = new byte[300_000];

    @BeforeEach
    void start() throws Exception {
        new Random(7).nextBytes(model);
        hub = new FakeHub();
    }

    @AfterEach
    void stop() {
        hub.close();
    }

    private HubClient client(String token) {
        return new HubClient(hub.endpoint(), token, Duration.ofSeconds(5));
    }

    @Test
    void followsTheRedirectReadsTheHeadersAndVerifiesTheLinkedEtag() throws Exception {
        hub.lfs(REPO, "tiny-Q8_0.gguf", model);
        Path target = dir.resolve("tiny-Q8_0.gguf");

        HubClient.Downloaded got = client("hf_secret").download(REPO, "main", "tiny-Q8_0.gguf", target, null, Progress.NONE);

        assertArrayEquals(model, Files.readAllBytes(target));
        assertEquals(FakeHub.COMMIT, got.commit());
        assertEquals(FakeHub.sha256(model), got.sha256());
        assertEquals(model.length, got.size());
        assertTrue(got.verifiedBy().contains("X-Linked-Etag"), got.verifiedBy());
        assertFalse(Files.exists(dir.resolve("tiny-Q8_0.gguf.part")));
        assertTrue(hub.authorizations.stream().allMatch("Bearer hf_secret"::equals),
                "the token goes to the hub (the redirect stays on its host): " + hub.authorizations);
    }

    @Test
    void resumesWithRangeAfterACutConnection() throws Exception {
        hub.lfs(REPO, "tiny-Q8_0.gguf", model);
        hub.cutsLeft.set(1);
        Path target = dir.resolve("tiny-Q8_0.gguf");

        client(null).download(REPO, "main", "tiny-Q8_0.gguf", target, FakeHub.sha256(model), Progress.NONE);

        assertArrayEquals(model, Files.readAllBytes(target));
        // The hub wrote half the file before the cut; what reached the client may be a little less (a
        // dropped connection can lose bytes in flight), and the resume must start exactly there: after
        // at least some bytes, never past the half, and the file above proves nothing was skipped.
        assertEquals(2, hub.ranges.size(), "one request, then one resume: " + hub.ranges);
        assertEquals("", hub.ranges.getFirst(), "the first request asks for the whole file");
        java.util.regex.Matcher resume = java.util.regex.Pattern.compile("bytes=(\\d+)-").matcher(hub.ranges.get(1));
        assertTrue(resume.matches(), "the second request asks for the rest: " + hub.ranges);
        long from = Long.parseLong(resume.group(1));
        assertTrue(from > 0 && from <= model.length / 2,
                "the second request asks only for what the first did not deliver: " + hub.ranges);
    }

    @Test
    void resumesAPartialFileLeftByAnEarlierRun() throws Exception {
        hub.lfs(REPO, "tiny-Q8_0.gguf", model);
        Files.write(dir.resolve("tiny-Q8_0.gguf.part"), java.util.Arrays.copyOf(model, 1000));

        client(null).download(REPO, "main", "tiny-Q8_0.gguf", dir.resolve("tiny-Q8_0.gguf"), null, Progress.NONE);

        assertArrayEquals(model, Files.readAllBytes(dir.resolve("tiny-Q8_0.gguf")));
        assertEquals(List.of("bytes=1000-"), hub.ranges);
    }

    @Test
    void aFileThatDoesNotMatchItsHashIsDeletedAndNeverUsed() {
        byte[] other = "not the model".getBytes(StandardCharsets.UTF_8);
        hub.lfs(REPO, "tiny-Q8_0.gguf", model, FakeHub.sha256(other));
        Path target = dir.resolve("tiny-Q8_0.gguf");

        var error = assertThrows(ModelFileException.class, () ->
                client(null).download(REPO, "main", "tiny-Q8_0.gguf", target, null, Progress.NONE));

        assertTrue(error.getMessage().contains("did not verify"), error.getMessage());
        assertTrue(error.getMessage().contains("deleted and not used"), error.getMessage());
        assertFalse(error.getMessage().contains("\n"), "one line");
        assertFalse(Files.exists(target));
        assertFalse(Files.exists(dir.resolve("tiny-Q8_0.gguf.part")));
    }

    @Test
    void aCatalogPinThatDisagreesWithTheHubStopsBeforeAnythingIsUsed() {
        hub.lfs(REPO, "tiny-Q8_0.gguf", model);
        String pinned = "ab".repeat(32);

        var error = assertThrows(ModelFileException.class, () -> client(null).download(REPO, "main",
                "tiny-Q8_0.gguf", dir.resolve("tiny-Q8_0.gguf"), pinned, Progress.NONE));

        assertTrue(error.getMessage().contains("catalog pins " + pinned), error.getMessage());
        assertFalse(Files.exists(dir.resolve("tiny-Q8_0.gguf")));
    }

    @Test
    void aSmallGitFileIsCheckedAgainstItsBlobId() throws Exception {
        byte[] tokenizer = "{\"model\": {\"type\": \"WordPiece\"}}".getBytes(StandardCharsets.UTF_8);
        hub.git(REPO, "tokenizer.json", tokenizer);

        HubClient.Downloaded got = client(null).download(REPO, "main", "tokenizer.json",
                dir.resolve("tokenizer.json"), null, Progress.NONE);

        assertTrue(got.verifiedBy().contains("Git blob"), got.verifiedBy());
        assertArrayEquals(tokenizer, Files.readAllBytes(dir.resolve("tokenizer.json")));
    }

    @Test
    void aMissingFileIsA404WithAHint() {
        var error = assertThrows(ModelFileException.class, () -> client(null).download(REPO, "v9", "nope.gguf",
                dir.resolve("nope.gguf"), null, Progress.NONE));

        assertTrue(error.getMessage().contains("HTTP 404"), error.getMessage());
        assertTrue(error.getMessage().contains("revision v9"), error.getMessage());
        assertTrue(error.getMessage().contains("check the repository"), error.getMessage());
    }

    @Test
    void anUnreachableHubSaysWhatToDo() throws Exception {
        int port;
        try (var socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        var client = new HubClient(URI.create("http://127.0.0.1:" + port), null, Duration.ofSeconds(5));

        var error = assertThrows(ModelFileException.class, () -> client.download(REPO, "main", "a.gguf",
                dir.resolve("a.gguf"), null, Progress.NONE));

        assertTrue(error.getMessage().contains("cannot reach the hub"), error.getMessage());
        assertTrue(error.getMessage().contains("--from DIR"), error.getMessage());
    }

    @Test
    void resolveUrlsFollowTheHubLayoutAndRefuseClimbingPaths() {
        var client = new HubClient(URI.create("https://hub.example/"), null, Duration.ofSeconds(5));

        assertEquals("https://hub.example/Qwen/Qwen2.5-0.5B-Instruct-GGUF/resolve/refs%2Fpr%2F1/onnx/model%20v2.onnx",
                client.resolveUrl("Qwen/Qwen2.5-0.5B-Instruct-GGUF", "refs/pr/1", "onnx/model v2.onnx").toString());
        assertThrows(ModelFileException.class, () -> client.resolveUrl("Qwen/x", "main", "../etc/passwd"));
        assertThrows(ModelFileException.class, () -> client.resolveUrl("no-owner", "main", "a.gguf"));
        assertThrows(ModelFileException.class, () -> new HubClient(URI.create("ftp://x"), null, Duration.ofSeconds(1)));
    }
}
