package dev.course.server.modelhub;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1, for tests: it serves the hub's URL layout
 * ({@code /{repo}/resolve/{revision}/{path}}) and headers. An LFS file answers with a redirect to
 * another path ({@code /cdn/{sha256}}) carrying {@code X-Repo-Commit}, {@code X-Linked-Etag} and
 * {@code X-Linked-Size}, and the content is served there with {@code Range} support; a small Git
 * file answers directly with its blob id as {@code ETag}; anything else is a 404.
 */
public final class FakeHub implements AutoCloseable {

    static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";

    private record Served(byte[] content, String linkedEtag, boolean lfs) {
    }

    private final HttpServer server;
    private final Map<String, Served> files = new ConcurrentHashMap<>();
    private final Map<String, byte[]> blobs = new ConcurrentHashMap<>();
    /** The Range header of every content request ("" for none), in order. */
    final List<String> ranges = new CopyOnWriteArrayList<>();
    /** The Authorization header of every request ("" for none). */
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    /** How many more content responses are cut after half their bytes. */
    final AtomicInteger cutsLeft = new AtomicInteger();

    public FakeHub() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An LFS file whose linked ETag is its true SHA-256. */
    public void lfs(String repo, String path, byte[] content) {
        lfs(repo, path, content, sha256(content));
    }

    /** An LFS file that claims {@code linkedEtag}, which may be wrong. */
    void lfs(String repo, String path, byte[] content, String linkedEtag) {
        files.put(repo + "/" + path, new Served(content, linkedEtag, true));
        blobs.put(linkedEtag, content);
    }

    /** A small file kept in Git: served directly, its ETag the Git blob id. */
    public void git(String repo, String path, byte[] content) {
        files.put(repo + "/" + path, new Served(content, null, false));
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")).replace("null", ""));
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/cdn/")) {
                byte[] blob = blobs.get(path.substring("/cdn/".length()));
                if (blob == null) {
                    exchange.sendResponseHeaders(404, -1);
                    return;
                }
                serve(exchange, blob);
                return;
            }
            int resolve = path.indexOf("/resolve/");
            if (resolve < 0) {
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            String repo = path.substring(1, resolve);
            String rest = path.substring(resolve + "/resolve/".length());
            String file = rest.substring(rest.indexOf('/') + 1);
            Served served = files.get(repo + "/" + file);
            if (served == null) {
                exchange.getResponseHeaders().add("X-Error-Code", "EntryNotFound");
                exchange.sendResponseHeaders(404, -1);
                return;
            }
            exchange.getResponseHeaders().add("X-Repo-Commit", COMMIT);
            if (served.lfs()) {
                exchange.getResponseHeaders().add("X-Linked-Etag", "\"" + served.linkedEtag() + "\"");
                exchange.getResponseHeaders().add("X-Linked-Size", String.valueOf(served.content().length));
                exchange.getResponseHeaders().add("Location", "/cdn/" + served.linkedEtag());
                exchange.sendResponseHeaders(302, -1);
            } else {
                exchange.getResponseHeaders().add("ETag", "\"" + gitBlobSha1(served.content()) + "\"");
                serve(exchange, served.content());
            }
        }
    }

    private void serve(HttpExchange exchange, byte[] content) throws IOException {
        String range = exchange.getRequestHeaders().getFirst("Range");
        ranges.add(range == null ? "" : range);
        int from = 0;
        if (range != null) {
            from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            if (from >= content.length) {
                exchange.sendResponseHeaders(416, -1);
                return;
            }
            exchange.getResponseHeaders().add("Content-Range",
                    "bytes " + from + "-" + (content.length - 1) + "/" + content.length);
        }
        int length = content.length - from;
        exchange.sendResponseHeaders(range == null ? 200 : 206, length);
        OutputStream out = exchange.getResponseBody();
        if (cutsLeft.getAndDecrement() > 0) {
            out.write(content, from, length / 2);
            out.flush();
            // closing the exchange with bytes missing drops the connection: a cut download
            return;
        }
        out.write(content, from, length);
    }

    static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String gitBlobSha1(byte[] content) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(("blob " + content.length + "\0").getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(sha1.digest(content));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
