package dev.course.server.modelhub;

import dev.course.engine.corpus.Progress;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Downloads one file of a Hugging Face Hub repository the way the hub's own client does, with the
 * JDK's HTTP client only.
 *
 * <p>A file lives at {@code {endpoint}/{owner}/{repo}/resolve/{revision}/{path}}. The hub answers
 * there with three headers that say what the file is: {@value #REPO_COMMIT} (the commit the revision
 * named), {@value #LINKED_ETAG} (for a Git LFS file, the SHA-256 of its content) and
 * {@value #LINKED_SIZE} (its size in bytes), and usually with a redirect to a content server. This
 * client follows redirects itself, so that it can read those headers on the hub's own answer and so
 * that the token ({@code HF_TOKEN}) is never sent to another host.
 *
 * <p>Bytes go to {@code NAME.part} beside the destination. If the connection breaks, the next attempt
 * (and the next run of the command) asks only for the rest, with an HTTP {@code Range} header. When
 * the file is complete its SHA-256 is compared with the hub's linked ETag and with the one the caller
 * pinned (the catalog's), or for a small Git file its blob id with the ETag; only a file that matches
 * is renamed into place. A file that does not match is deleted, never used.
 *
 * <p>Every request has a deadline: {@link #CONNECT_TIMEOUT} to connect, {@link #RESPONSE_TIMEOUT}
 * for the answer's headers, and while the body streams a watchdog ends a transfer that delivers no
 * byte for {@code stallTimeout}.
 */
public final class HubClient {

    /** The public hub, used when {@code HF_ENDPOINT} is not set. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://huggingface.co");
    /** The commit the requested revision resolved to. */
    public static final String REPO_COMMIT = "X-Repo-Commit";
    /** For a Git LFS file, the SHA-256 of its content (its LFS object id). */
    public static final String LINKED_ETAG = "X-Linked-Etag";
    /** For a Git LFS file, its size in bytes. */
    public static final String LINKED_SIZE = "X-Linked-Size";

    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(20);
    public static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration STALL_TIMEOUT = Duration.ofSeconds(60);
    public static final int MAX_REDIRECTS = 10;
    /** Tries per file: a broken connection is resumed this many times before giving up. */
    public static final int MAX_ATTEMPTS = 4;

    static final String PART_SUFFIX = ".part";
    private static final Pattern REPO = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}/[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
    private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");
    private static final int BUFFER = 1 << 16;

    private final URI endpoint;
    private final String token;
    private final Duration stallTimeout;
    private final HttpClient http;

    /**
     * @param endpoint     the hub's address ({@code https://huggingface.co} or a mirror)
     * @param token        an access token for gated or private repositories, or null
     * @param stallTimeout how long a transfer may deliver nothing before it is cut and resumed
     */
    public HubClient(URI endpoint, String token, Duration stallTimeout) {
        Objects.requireNonNull(endpoint, "endpoint");
        String scheme = endpoint.getScheme();
        if (!"https".equals(scheme) && !"http".equals(scheme) || endpoint.getHost() == null) {
            throw new ModelFileException("the hub endpoint '" + endpoint + "' is not an http(s) address:"
                    + " set HF_ENDPOINT to one such as https://huggingface.co");
        }
        if (token != null && (token.isBlank() || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e))) {
            throw new ModelFileException("HF_TOKEN holds spaces or control characters: set it to the token alone");
        }
        String text = endpoint.toString();
        this.endpoint = URI.create(text.endsWith("/") ? text.substring(0, text.length() - 1) : text);
        this.token = token;
        this.stallTimeout = Objects.requireNonNull(stallTimeout, "stallTimeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The client {@code HF_ENDPOINT} and {@code HF_TOKEN} describe (the public hub and no token by default). */
    public static HubClient fromEnvironment() {
        String endpoint = System.getenv("HF_ENDPOINT");
        String token = System.getenv("HF_TOKEN");
        URI uri;
        try {
            uri = endpoint == null || endpoint.isBlank() ? DEFAULT_ENDPOINT : URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw new ModelFileException("HF_ENDPOINT '" + endpoint + "' is not a URL: set it to one such as https://huggingface.co");
        }
        return new HubClient(uri, token == null || token.isBlank() ? null : token.strip(), STALL_TIMEOUT);
    }

    public URI endpoint() {
        return endpoint;
    }

    /** Checks an {@code owner/name} repository id; the message says what a good one looks like. */
    public static String checkRepo(String repo) {
        if (repo == null || !REPO.matcher(repo).matches() || repo.contains("..")) {
            throw new ModelFileException("'" + repo + "' is not a hub repository: write it as OWNER/NAME,"
                    + " e.g. Qwen/Qwen2.5-0.5B-Instruct-GGUF");
        }
        return repo;
    }

    /**
     * Checks a file path inside a repository: relative, forward slashes, no {@code ..}, so that it
     * can neither climb out of the repository on the hub nor out of the model folder on disk.
     */
    public static String checkPath(String path) {
        if (path == null || path.isBlank() || path.length() > 512 || path.startsWith("/") || path.contains("\\")
                || path.chars().anyMatch(c -> c < 0x20)
                || Arrays.stream(path.split("/", -1)).anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))) {
            throw new ModelFileException("'" + path + "' is not a file path in a repository: write it relative,"
                    + " with forward slashes, e.g. onnx/model.onnx");
        }
        return path;
    }

    /** {@code {endpoint}/{repo}/resolve/{revision}/{path}}, with the revision and each path segment URL-encoded. */
    public URI resolveUrl(String repo, String revision, String path) {
        checkRepo(repo);
        checkPath(path);
        if (revision == null || revision.isBlank() || revision.length() > 256) {
            throw new ModelFileException("the revision must be a branch, tag or commit, e.g. main");
        }
        String encodedPath = Arrays.stream(path.split("/")).map(HubClient::encode).collect(Collectors.joining("/"));
        return URI.create(endpoint + "/" + repo + "/resolve/" + encode(revision) + "/" + encodedPath);
    }

    private static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * What was downloaded and how it was verified.
     *
     * @param commit     the commit the hub said the revision is ({@value #REPO_COMMIT}), or null if it did not say
     * @param sha256     the SHA-256 of the file, computed here
     * @param size       its size in bytes
     * @param verifiedBy what the bytes were checked against, for the manifest and the report
     */
    public record Downloaded(String commit, String sha256, long size, String verifiedBy) {
    }

    /**
     * Downloads {@code path} of {@code repo} at {@code revision} to {@code destination}, resuming a
     * {@code .part} file left by an earlier attempt, and verifies it before it takes that name.
     *
     * @param pinnedSha256 a SHA-256 the file must have (the catalog's), or null
     * @throws ModelFileException with a one-line message for anything the user can act on
     */
    public Downloaded download(String repo, String revision, String path, Path destination, String pinnedSha256,
                               Progress progress) throws IOException {
        URI url = resolveUrl(repo, revision, path);
        Path part = destination.resolveSibling(destination.getFileName() + PART_SUFFIX);
        Files.createDirectories(destination.toAbsolutePath().getParent());
        String label = repo + ":" + path;
        Metadata metadata = null;
        for (int attempt = 1; ; attempt++) {
            try {
                metadata = fetch(url, part, metadata, label, progress);
                break;
            } catch (CutTransfer cut) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new ModelFileException("the download of " + label + " broke off at "
                            + megabytes(sizeOf(part)) + " (" + cut.getMessage() + "), " + MAX_ATTEMPTS
                            + " times: run the same command again to resume from there");
                }
            }
        }
        return verifyAndMove(part, destination, label, metadata, pinnedSha256, progress);
    }

    /** The headers that say what the file is, merged over the redirect chain (the first that says wins). */
    record Metadata(String commit, String linkedEtag, String etag, long linkedSize) {

        Metadata merge(HttpHeaders headers) {
            return new Metadata(
                    commit != null ? commit : headers.firstValue(REPO_COMMIT).orElse(null),
                    linkedEtag != null ? linkedEtag : headers.firstValue(LINKED_ETAG).map(Checksums::bareEtag).orElse(null),
                    etag != null ? etag : headers.firstValue("ETag").map(Checksums::bareEtag).orElse(null),
                    linkedSize >= 0 ? linkedSize : parseLong(headers.firstValue(LINKED_SIZE)).orElse(-1));
        }

        /** The SHA-256 the hub vouches for: the linked ETag, else an ETag that is a SHA-256. */
        String sha256() {
            if (Checksums.isSha256(linkedEtag)) {
                return linkedEtag;
            }
            return linkedEtag == null && Checksums.isSha256(etag) ? etag : null;
        }

        /** The Git blob id of a small file kept in Git (no linked ETag, a 40-digit ETag). */
        String gitBlobSha1() {
            return linkedEtag == null && Checksums.isSha1(etag) ? etag : null;
        }
    }

    /** A transfer that ended early; the {@code .part} file keeps what arrived. */
    private static final class CutTransfer extends Exception {
        CutTransfer(String message) {
            super(message);
        }
    }

    private Metadata fetch(URI url, Path part, Metadata known, String label, Progress progress)
            throws IOException, CutTransfer {
        long have = sizeOf(part);
        if (known != null && known.linkedSize() >= 0 && have == known.linkedSize()) {
            return known;
        }
        Metadata metadata = known == null ? new Metadata(null, null, null, -1) : known;
        URI current = url;
        HttpResponse<InputStream> response = null;
        for (int hop = 0; hop <= MAX_REDIRECTS; hop++) {
            response = send(current, current.getHost().equalsIgnoreCase(url.getHost()), have, label);
            metadata = metadata.merge(response.headers());
            int status = response.statusCode();
            if (status < 300 || status >= 400 || status == 304) {
                break;
            }
            response.body().close();
            String location = response.headers().firstValue("Location").orElseThrow(() ->
                    new ModelFileException("the hub answered HTTP " + status + " for " + label
                            + " without saying where to go: try again later, or check HF_ENDPOINT"));
            current = current.resolve(location);
            if (!"https".equals(current.getScheme()) && !"http".equals(current.getScheme())) {
                throw new ModelFileException("the hub redirected " + label + " to a non-HTTP address: check HF_ENDPOINT");
            }
            if (hop == MAX_REDIRECTS) {
                throw new ModelFileException("the hub redirected " + label + " more than " + MAX_REDIRECTS
                        + " times: check HF_ENDPOINT, or try again later");
            }
        }
        int status = response.statusCode();
        try (InputStream body = response.body()) {
            switch (status) {
                case 200 -> {
                    have = 0;
                    long length = response.headers().firstValueAsLong("Content-Length").orElse(-1);
                    metadata = metadata.linkedSize() >= 0 || length < 0 ? metadata
                            : new Metadata(metadata.commit(), metadata.linkedEtag(), metadata.etag(), length);
                }
                case 206 -> {
                    Matcher range = CONTENT_RANGE.matcher(response.headers().firstValue("Content-Range").orElse(""));
                    if (!range.matches() || Long.parseLong(range.group(1)) != have) {
                        Files.deleteIfExists(part);
                        throw new CutTransfer("the server resumed at another byte than asked; starting over");
                    }
                    if (metadata.linkedSize() < 0 && !range.group(3).equals("*")) {
                        metadata = new Metadata(metadata.commit(), metadata.linkedEtag(), metadata.etag(),
                                Long.parseLong(range.group(3)));
                    }
                }
                case 416 -> {
                    if (metadata.linkedSize() >= 0 && have == metadata.linkedSize()) {
                        return metadata;
                    }
                    Files.deleteIfExists(part);
                    throw new CutTransfer("the partial file did not fit the one on the hub; starting over");
                }
                case 401, 403 -> throw new ModelFileException("the hub refused " + label + " (HTTP " + status + "): set HF_TOKEN"
                        + " to an access token that may read it, and accept the model's licence on its page if it is gated");
                case 404 -> throw new ModelFileException("the hub has no " + label + " at revision "
                        + revisionOf(url) + " (HTTP 404): check the repository, the file name and --revision");
                default -> throw new ModelFileException("the hub answered HTTP " + status + " for " + label
                        + ": try again later, or set HF_ENDPOINT to a mirror");
            }
            copy(body, part, have, metadata.linkedSize(), label, progress);
        }
        long size = sizeOf(part);
        if (metadata.linkedSize() >= 0 && size < metadata.linkedSize()) {
            throw new CutTransfer("the connection closed after " + megabytes(size) + " of " + megabytes(metadata.linkedSize()));
        }
        return metadata;
    }

    private HttpResponse<InputStream> send(URI uri, boolean sameHost, long from, String label) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET()
                .timeout(RESPONSE_TIMEOUT)
                .header("User-Agent", "course-models/0.1 (java.net.http)");
        if (from > 0) {
            request.header("Range", "bytes=" + from + "-");
        }
        if (token != null && sameHost) {
            request.header("Authorization", "Bearer " + token);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw unreachable(label, e);
        } catch (HttpTimeoutException e) {
            throw new ModelFileException("the hub did not answer for " + label + " within "
                    + RESPONSE_TIMEOUT.toSeconds() + " s: try again later, or set HF_ENDPOINT to a mirror");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the hub for " + label, e);
        } catch (IOException e) {
            throw unreachable(label, e);
        }
    }

    private ModelFileException unreachable(String label, Exception e) {
        String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new ModelFileException("cannot reach the hub at " + endpoint + " for " + label + " (" + why + "):"
                + " check the network, set HF_ENDPOINT to a mirror, or install from a folder with --from DIR", e);
    }

    /** Appends the body to {@code part} (or rewrites it when {@code from} is 0), cutting a stalled transfer. */
    private void copy(InputStream body, Path part, long from, long total, String label, Progress progress)
            throws IOException, CutTransfer {
        var options = from > 0
                ? new StandardOpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.APPEND}
                : new StandardOpenOption[]{StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE};
        String phase = "downloading " + label;
        long done = from;
        progress.update(phase, from, Math.max(total, 0));
        var watchdog = new StallWatchdog(stallTimeout, body);
        try (OutputStream out = Files.newOutputStream(part, options)) {
            byte[] buffer = new byte[BUFFER];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                if (total >= 0 && done + n > total) {
                    throw new ModelFileException("the hub sent more of " + label + " than the " + total
                            + " bytes it announced: try again later, or set HF_ENDPOINT to a mirror");
                }
                out.write(buffer, 0, n);
                done += n;
                watchdog.alive();
                progress.update(phase, done, Math.max(total, 0));
            }
            if (watchdog.fired()) {
                throw new CutTransfer("no data for " + stallTimeout.toSeconds() + " s");
            }
        } catch (IOException e) {
            throw new CutTransfer(watchdog.fired() ? "no data for " + stallTimeout.toSeconds() + " s"
                    : e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        } finally {
            watchdog.close();
        }
    }

    private Downloaded verifyAndMove(Path part, Path destination, String label, Metadata metadata,
                                     String pinnedSha256, Progress progress) throws IOException {
        String hubSha = metadata.sha256();
        if (pinnedSha256 != null && hubSha != null && !pinnedSha256.equals(hubSha)) {
            Files.deleteIfExists(part);
            throw new ModelFileException("the hub's " + label + " has sha256 " + hubSha + " but the catalog pins "
                    + pinnedSha256 + ": the file changed at this revision; pull the catalog's --revision, or report it");
        }
        Checksums.Fingerprint fingerprint = Checksums.of(part, progress, "verifying " + label);
        String verifiedBy;
        String expected;
        String actual;
        if (pinnedSha256 != null) {
            expected = pinnedSha256;
            actual = fingerprint.sha256();
            verifiedBy = hubSha != null ? "sha256 pinned in the catalog and the hub's " + LINKED_ETAG : "sha256 pinned in the catalog";
        } else if (hubSha != null) {
            expected = hubSha;
            actual = fingerprint.sha256();
            verifiedBy = "sha256 from the hub's " + (metadata.linkedEtag() != null ? LINKED_ETAG : "ETag");
        } else if (metadata.gitBlobSha1() != null) {
            expected = metadata.gitBlobSha1();
            actual = fingerprint.gitBlobSha1();
            verifiedBy = "Git blob id from the hub's ETag";
        } else {
            Files.deleteIfExists(part);
            throw new ModelFileException("the hub gave no checksum for " + label + " (no " + LINKED_ETAG
                    + " or ETag) and none is pinned: nothing to verify it against; pass --sha256 HEX to pin one");
        }
        if (metadata.linkedSize() >= 0 && fingerprint.size() != metadata.linkedSize()) {
            Files.deleteIfExists(part);
            throw new ModelFileException(label + " is " + fingerprint.size() + " bytes but the hub announced "
                    + metadata.linkedSize() + ": it was deleted and not used; run the command again");
        }
        if (!expected.equals(actual)) {
            Files.deleteIfExists(part);
            throw new ModelFileException(label + " did not verify (" + verifiedBy + ": expected " + expected + ", got "
                    + actual + "): it was deleted and not used; run the command again, and if it repeats, the server"
                    + " (HF_ENDPOINT) sends a different file");
        }
        Files.move(part, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Downloaded(metadata.commit(), fingerprint.sha256(), fingerprint.size(), verifiedBy);
    }

    private static String revisionOf(URI url) {
        String[] parts = url.getRawPath().split("/");
        for (int i = 0; i + 1 < parts.length; i++) {
            if (parts[i].equals("resolve")) {
                return java.net.URLDecoder.decode(parts[i + 1], StandardCharsets.UTF_8);
            }
        }
        return "?";
    }

    private static OptionalLong parseLong(Optional<String> value) {
        try {
            return value.isPresent() ? OptionalLong.of(Long.parseLong(value.get().strip())) : OptionalLong.empty();
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    private static long sizeOf(Path file) throws IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
    }

    /**
     * Ends a transfer that delivers nothing for a while: the JDK client's read has no deadline of its
     * own once the headers have arrived, so this thread closes the body and interrupts the reader.
     */
    private static final class StallWatchdog implements AutoCloseable {
        private final Thread reader = Thread.currentThread();
        private final Thread thread;
        private volatile long lastByte = System.nanoTime();
        private volatile boolean fired;
        private volatile boolean closed;

        StallWatchdog(Duration timeout, InputStream body) {
            long limit = timeout.toNanos();
            thread = Thread.ofVirtual().name("download-watchdog").start(() -> {
                while (!closed) {
                    try {
                        Thread.sleep(Math.max(10, Math.min(1000, timeout.toMillis() / 4)));
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (!closed && System.nanoTime() - lastByte > limit) {
                        fired = true;
                        try {
                            body.close();
                        } catch (IOException ignored) {
                            // the reader fails either way
                        }
                        reader.interrupt();
                        return;
                    }
                }
            });
        }

        void alive() {
            lastByte = System.nanoTime();
        }

        boolean fired() {
            return fired;
        }

        @Override
        public void close() {
            closed = true;
            thread.interrupt();
            if (fired) {
                Thread.interrupted();
            }
        }
    }
}
