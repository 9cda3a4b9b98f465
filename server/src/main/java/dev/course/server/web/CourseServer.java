package dev.course.server.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.lessons.Course;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;
import dev.course.lessons.NotebookExporter;
import dev.course.server.kernel.KernelPool;
import dev.course.kernel.protocol.Messages;
import dev.course.server.progress.LessonProgress;
import dev.course.server.progress.ProgressStore;
import dev.course.server.search.CourseSearch;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.staticfiles.Location;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The course web server: the home page, lesson pages, their figures and notebooks, and the
 * WebSocket through which a page runs cells in the learner's kernel. What a learner may open, and
 * any pages of its own, come from the {@link CourseMode} it runs in (self-study or a workshop).
 *
 * <p>It binds to 127.0.0.1 unless told otherwise: whoever reaches it can run code in a kernel.
 */
public final class CourseServer implements AutoCloseable {

    /** The default port: open http://localhost:7070. */
    public static final int DEFAULT_PORT = 7070;
    public static final String DEFAULT_HOST = "127.0.0.1";

    private static final Pattern FIGURE = Pattern.compile("[a-z0-9_/-]+\\.(svg|png|jpg|jpeg|gif)");
    private static final Map<String, String> MIME = Map.of("svg", "image/svg+xml", "png", "image/png",
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "gif", "image/gif");
    /**
     * Pages may only load what the application serves, and no other site may frame them; kernel
     * HTML output runs in sandboxed frames. Inline scripts stay allowed: those frames are
     * {@code srcdoc} documents, which inherit this policy, and a cell's HTML (and the frame's own
     * sizing script) is inline; the frames run in an opaque origin without the learner's cookies.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "frame-src 'self' data: about:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /** How long a quiet WebSocket stays open (longer than any cell's wall clock). */
    static final java.time.Duration WEBSOCKET_IDLE_TIMEOUT = java.time.Duration.ofMinutes(15);
    /** The largest message a page may send (a cell is at most {@link KernelSocket#MAX_CODE_CHARS}). */
    static final long MAX_WEBSOCKET_MESSAGE_BYTES = 512 * 1024;

    private final CourseContent content;
    private final KernelPool kernels;
    private final ProgressStore progress;
    private final CourseSearch search;
    private final CourseMode mode;
    private final ConceptCheckRoutes checks;
    private final MarkdownRenderer markdown = new MarkdownRenderer();
    private final HostCheck hosts;
    private final LearnerCookie cookies;
    private final TlsConnector tls;
    private final Javalin app;

    private CourseServer(CourseContent content, KernelPool kernels, ProgressStore progress, CourseSearch search,
                         CourseMode mode, Safeguards safeguards, String host, int port) {
        this.content = content;
        this.kernels = kernels;
        this.progress = progress;
        this.search = search;
        this.hosts = HostCheck.forServer(host, safeguards.publicUrl());
        CookieSigner signer = new CookieSigner(safeguards.secret());
        this.tls = safeguards.tls() == null ? null : new TlsConnector(safeguards.tls(), host, port);
        this.cookies = new LearnerCookie(signer, safeguards.secureCookies(), LearnerCookie.lifetime(shared(host, mode, safeguards)),
                progress::known);
        this.mode = mode;
        WebToolkit toolkit = new WebToolkit(cookies, hosts, signer, safeguards.secureCookies());
        this.checks = new ConceptCheckRoutes(content::course, progress, cookies, hosts, mode, markdown);
        KernelSocket socket = new KernelSocket(content::course, new KernelQuota(kernels, safeguards.maxKernelsPerLearner(), safeguards.maxKernelsPerAddress()), kernels,
                progress, mode, cookies, hosts);
        this.app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            // A cell may run for minutes without output: keep its socket open, and cap message size.
            config.jetty.modifyWebSocketServletFactory(factory -> {
                factory.setIdleTimeout(WEBSOCKET_IDLE_TIMEOUT);
                factory.setMaxTextMessageSize(MAX_WEBSOCKET_MESSAGE_BYTES);
            });
            config.staticFiles.add("/public", Location.CLASSPATH);
            config.staticFiles.enableWebjars();
            config.http.maxRequestSize = 1_000_000L;
            if (tls != null) {
                tls.install(config.jetty);
            }
            config.routes.before(this::checkHost);
            config.routes.get("/", ctx -> html(ctx, HomePage.render(content.course(), progress.summary(cookies.learner(ctx)))));
            config.routes.get("/learn/{track}/{slug}", this::lessonPage);
            config.routes.get("/notebooks/{track}/{slug}.ipynb", this::notebook);
            config.routes.get("/api/solution/{track}/{slug}/{exercise}", this::solution);
            config.routes.get("/api/progress/{track}/{slug}", this::lessonProgress);
            checks.register(config.routes);
            config.routes.get("/search", this::searchPage);
            config.routes.get("/api/search", this::searchApi);
            config.routes.get("/content/<path>", this::figure);
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.ws("/ws/kernel", socket::configure);
            mode.register(config.routes, toolkit);
            config.routes.exception(NotFoundResponse.class, (e, ctx) -> ctx.status(404).result(e.getMessage()));
            config.routes.exception(MisdirectedRequest.class, (e, ctx) -> ctx.status(421).contentType("text/plain")
                    .result(e.getMessage() + "\n"));
        });
    }

    /** A request for a name this server does not serve (DNS rebinding, or a name it was not told about). */
    private static final class MisdirectedRequest extends RuntimeException {
        MisdirectedRequest(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Before every request: its Host must be one of this server's names ({@link HostCheck}); over
     * TLS, browsers are told to come back only over HTTPS ({@link TlsConnector#strictTransportSecurity}).
     */
    private void checkHost(Context ctx) {
        ctx.header("X-Content-Type-Options", "nosniff");
        if (!hosts.hostAllowed(ctx.header("Host"))) {
            throw new MisdirectedRequest(hosts.refusal(ctx.header("Host")));
        }
        if (tls != null && ctx.req().isSecure()) {
            TlsConnector.strictTransportSecurity(HostCheck.hostName(ctx.header("Host")).orElse(""))
                    .ifPresent(value -> ctx.header("Strict-Transport-Security", value));
        }
    }

    /**
     * Whether people other than this machine's user may reach the server: a workshop (a mode that
     * says so), HTTPS, a public URL, or an address other than loopback. Their learner cookies live
     * shorter ({@link LearnerCookie#lifetime}).
     */
    private static boolean shared(String host, CourseMode mode, Safeguards safeguards) {
        return mode.shared() || safeguards.tls() != null || safeguards.publicUrl() != null || !HostCheck.isLoopback(host);
    }

    /**
     * What protects the server from its clients.
     *
     * @param secret                signs learner cookies and instructor sessions ({@link ServerSecret}), at least 32 bytes
     * @param publicUrl             the URL learners use when it is not one of the server's own addresses (a DNS
     *                              name, a reverse proxy), or null; an https URL makes cookies {@code Secure}
     * @param maxKernelsPerLearner  the most kernels one learner may have at once
     * @param maxKernelsPerAddress  the most kernels started from one client address
     * @param tls                   the key and certificate to serve HTTPS with, or null for plain HTTP
     */
    public record Safeguards(byte[] secret, String publicUrl, int maxKernelsPerLearner, int maxKernelsPerAddress,
                             TlsIdentity tls) {

        public static final int DEFAULT_MAX_KERNELS_PER_LEARNER = KernelQuota.DEFAULT_PER_LEARNER;
        public static final int DEFAULT_MAX_KERNELS_PER_ADDRESS = KernelQuota.DEFAULT_PER_ADDRESS;

        public Safeguards {
            if (secret == null || secret.length < CookieSigner.MIN_SECRET_BYTES) {
                throw new IllegalArgumentException("the server secret needs at least " + CookieSigner.MIN_SECRET_BYTES + " bytes");
            }
            secret = secret.clone();
            if (publicUrl != null) {
                HostCheck.publicUri(publicUrl);
            }
            if (maxKernelsPerLearner < 1 || maxKernelsPerAddress < 1) {
                throw new IllegalArgumentException("--max-kernels-per-learner and --max-kernels-per-address must be at least 1");
            }
            if (tls != null && publicUrl != null && !publicUrl.startsWith("https:")) {
                throw new IllegalArgumentException("this server serves HTTPS, so --public-url must be https://…, not " + publicUrl);
            }
        }

        /** Plain HTTP (see the canonical constructor). */
        public Safeguards(byte[] secret, String publicUrl, int maxKernelsPerLearner, int maxKernelsPerAddress) {
            this(secret, publicUrl, maxKernelsPerLearner, maxKernelsPerAddress, null);
        }

        /** A fresh random secret (cookies die with the server) and the default caps: for tests and benchmarks. */
        public static Safeguards ephemeral() {
            byte[] secret = new byte[CookieSigner.MIN_SECRET_BYTES];
            new java.security.SecureRandom().nextBytes(secret);
            return new Safeguards(secret, null, DEFAULT_MAX_KERNELS_PER_LEARNER, DEFAULT_MAX_KERNELS_PER_ADDRESS);
        }

        /** The same, with other kernel caps. */
        public Safeguards withKernelCaps(int perLearner, int perAddress) {
            return new Safeguards(secret, publicUrl, perLearner, perAddress, tls);
        }

        /** The same, serving HTTPS with {@code identity}. */
        public Safeguards withTls(TlsIdentity identity) {
            return new Safeguards(secret, publicUrl, maxKernelsPerLearner, maxKernelsPerAddress, identity);
        }

        /** Cookies go over HTTPS only: when this server serves TLS, or learners reach it by an https URL (a proxy). */
        boolean secureCookies() {
            return tls != null || publicUrl != null && publicUrl.startsWith("https:");
        }
    }

    /**
     * Starts the server in a mode ({@link CourseMode#SELF_STUDY}, or workshop mode from
     * {@code server.workshop}), which it closes when it closes; port 0 picks a free port (see
     * {@link #port()}). The application is assembled around it in one place,
     * {@code server.app.CourseApplication}; start it there.
     */
    public static CourseServer start(CourseContent content, KernelPool kernels, ProgressStore progress, CourseSearch search,
                                     CourseMode mode, Safeguards safeguards, String host, int port) {
        CourseServer server = new CourseServer(content, kernels, progress, search, mode, safeguards, host, port);
        server.app.start(host, port);
        if (server.tls != null) {
            server.tls.started();
        }
        return server;
    }

    /** The cookie value that proves a learner id to this server (for this server's benchmarks and tests). */
    public String learnerCookie(String learnerId) {
        return cookies.signed(learnerId);
    }

    public int port() {
        return app.port();
    }

    /** Whether this server speaks HTTPS (and redirects plain HTTP to it). */
    public boolean https() {
        return tls != null;
    }

    private void lessonPage(Context ctx) {
        Course course = content.course();
        Lesson lesson = lesson(course, ctx);
        boolean returning = cookies.existing(ctx).isPresent();
        String learner = cookies.learner(ctx);
        if (!mode.mayOpen(learner, LessonPage.path(lesson))) {
            ctx.status(403);
            html(ctx, PageLayout.page("Locked · " + course.title(), course, null, mode.lockedNotice(learner),
                    "class=\"page-locked\"", Map.of()));
            return;
        }
        if (returning) {
            // Only a learner who came back with their cookie: a cookie-less request writes nothing.
            progress.visited(learner, LessonPage.path(lesson));
        }
        html(ctx, LessonPage.render(course, lesson, markdown, relative -> {
            byte[] svg = content.file((lesson.folder().isEmpty() ? "" : lesson.folder() + "/") + relative);
            return svg == null ? null : new String(svg, StandardCharsets.UTF_8);
        }, progress.summary(learner)));
    }

    /** How many results a search shows. */
    static final int SEARCH_RESULTS = 10;
    /** How many results are fetched before those of locked workshop steps are left out. */
    static final int SEARCH_CANDIDATES = 30;
    /** Searches per client address: a burst, then a couple a second (each one embeds the query). */
    private final RateLimiter searches = new RateLimiter(20, 2, new java.util.concurrent.ConcurrentHashMap<>());

    private void searchPage(Context ctx) {
        String query = java.util.Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        String learner = cookies.learner(ctx);
        html(ctx, SearchPage.render(content.course(), query, search(ctx, query, learner), progress.summary(learner)));
    }

    private void searchApi(Context ctx) {
        String query = java.util.Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        ctx.json(search(ctx, query, cookies.existing(ctx).orElse("")));
    }

    /**
     * The best sections for a query, within the length and rate limits, without sections of
     * workshop steps this learner may not open yet.
     */
    private java.util.List<CourseSearch.Result> search(Context ctx, String query, String learner) {
        if (query.length() > CourseSearch.MAX_QUERY_CHARS) {
            throw new io.javalin.http.BadRequestResponse("A search is at most " + CourseSearch.MAX_QUERY_CHARS
                    + " characters; shorten it and search again.");
        }
        if (query.isBlank()) {
            return java.util.List.of();
        }
        if (!searches.tryAcquire(ctx.ip())) {
            throw new io.javalin.http.HttpResponseException(429, "Too many searches at once; wait a moment and search again.",
                    Map.of());
        }
        return search.search(query, SEARCH_CANDIDATES).stream()
                .filter(result -> mode.mayOpen(learner, lessonOf(result.url())))
                .limit(SEARCH_RESULTS).toList();
    }

    /** {@code track/slug} of a result's {@code /learn/track/slug?…#…} URL. */
    private static String lessonOf(String url) {
        return url.replaceFirst("^/learn/", "").replaceFirst("[?#].*$", "");
    }

    /**
     * The learner's saved code and results for a lesson, which the page restores on load; for the
     * concept checks they answered, the same feedback an answer gets.
     */
    private void lessonProgress(Context ctx) {
        Lesson lesson = lesson(content.course(), ctx);
        java.util.Optional<String> learner = cookies.existing(ctx);
        LessonProgress saved = learner.map(id -> progress.lesson(id, LessonPage.path(lesson))).orElseGet(LessonProgress::empty);
        ObjectNode body = Messages.JSON.valueToTree(saved);
        body.set("checks", checks.answered(lesson, learner.orElse(""), saved));
        ctx.header("Cache-Control", "no-store");
        ctx.contentType("application/json").result(body.toString());
    }

    /** A lesson as a Jupyter notebook; in a workshop only an open step, with only the revealed solutions. */
    private void notebook(Context ctx) {
        Lesson lesson = lesson(content.course(), ctx);
        String path = LessonPage.path(lesson);
        if (!mode.mayOpen(cookies.existing(ctx).orElse(""), path)) {
            throw new io.javalin.http.ForbiddenResponse("this workshop step is not open for you yet");
        }
        ctx.contentType("application/x-ipynb+json");
        ctx.header("Content-Disposition", "attachment; filename=\"" + lesson.slug() + ".ipynb\"");
        ctx.result(new NotebookExporter(content::file).export(lesson,
                exercise -> mode.maySeeSolution(path, exercise.id())));
    }

    private void solution(Context ctx) {
        Lesson lesson = lesson(content.course(), ctx);
        var exercise = lesson.exercise(ctx.pathParam("exercise"))
                .orElseThrow(() -> new NotFoundResponse("no such exercise"));
        if (!mode.maySeeSolution(LessonPage.path(lesson), exercise.id())) {
            throw new io.javalin.http.ForbiddenResponse("your instructor has not revealed this solution yet");
        }
        ObjectNode body = Messages.JSON.createObjectNode().put("exercise", exercise.id()).put("solution", exercise.solution());
        ctx.contentType("application/json").result(body.toString());
    }

    private void figure(Context ctx) {
        String path = ctx.pathParam("path");
        if (!FIGURE.matcher(path).matches()) {
            throw new NotFoundResponse("not a figure");
        }
        byte[] bytes = content.file(path);
        if (bytes == null) {
            throw new NotFoundResponse("no such figure: " + path);
        }
        ctx.contentType(MIME.get(path.substring(path.lastIndexOf('.') + 1)));
        ctx.result(bytes);
    }

    private static Lesson lesson(Course course, Context ctx) {
        return course.lesson(ctx.pathParam("track"), ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("no such lesson: " + ctx.pathParam("track") + "/" + ctx.pathParam("slug")));
    }

    /**
     * An HTML page with the headers every page gets: the content security policy, no sniffing, and
     * no referrer for other sites. Not {@code no-referrer}: under it a browser sends {@code Origin: null}
     * with the page's own form posts, which the origin check must refuse.
     */
    static void html(Context ctx, String page) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "same-origin");
        ctx.html(page);
    }

    @Override
    public void close() {
        app.stop();
        mode.close();
        kernels.close();
        progress.close();
        search.close();
    }
}
