package dev.course.server.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.lessons.Course;
import dev.course.lessons.CourseContent;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;
import dev.course.lessons.NotebookExporter;
import dev.course.server.kernel.KernelPool;
import dev.course.server.kernel.Messages;
import dev.course.server.progress.LessonProgress;
import dev.course.server.progress.ProgressStore;
import dev.course.server.search.CourseSearch;
import dev.course.server.workshop.WorkshopStore;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.NotFoundResponse;
import io.javalin.http.SameSite;
import io.javalin.http.staticfiles.Location;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The course web server: the home page, lesson pages, their figures and notebooks, and the
 * WebSocket through which a page runs cells in the learner's kernel.
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
    /** Pages may only load what the application serves; kernel HTML output runs in sandboxed frames. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self' 'unsafe-inline'; "
            + "style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; "
            + "frame-src 'self' data: about:; object-src 'none'; base-uri 'none'; form-action 'self'";

    /** How long a quiet WebSocket stays open (longer than any cell's wall clock). */
    static final java.time.Duration WEBSOCKET_IDLE_TIMEOUT = java.time.Duration.ofMinutes(15);
    /** The largest message a page may send (a cell is at most {@link KernelSocket#MAX_CODE_CHARS}). */
    static final long MAX_WEBSOCKET_MESSAGE_BYTES = 512 * 1024;

    private final CourseContent content;
    private final KernelPool kernels;
    private final ProgressStore progress;
    private final CourseSearch search;
    private final WorkshopRoutes workshop;
    private final MarkdownRenderer markdown = new MarkdownRenderer();
    private final Javalin app;

    private CourseServer(CourseContent content, KernelPool kernels, ProgressStore progress, CourseSearch search,
                         Workshops workshops) {
        this.content = content;
        this.kernels = kernels;
        this.progress = progress;
        this.search = search;
        this.workshop = workshops == null ? null
                : new WorkshopRoutes(content::course, workshops.store(), kernels, new InstructorToken(workshops.instructorToken()));
        KernelSocket socket = new KernelSocket(content::course, kernels, progress,
                workshop == null ? (learner, lesson) -> true : workshop::mayOpen);
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
            config.routes.get("/", ctx -> html(ctx, HomePage.render(content.course(), progress.summary(learner(ctx)))));
            config.routes.get("/learn/{track}/{slug}", this::lessonPage);
            config.routes.get("/notebooks/{track}/{slug}.ipynb", this::notebook);
            config.routes.get("/api/solution/{track}/{slug}/{exercise}", this::solution);
            config.routes.get("/api/progress/{track}/{slug}", this::lessonProgress);
            config.routes.get("/search", this::searchPage);
            config.routes.get("/api/search", this::searchApi);
            config.routes.get("/content/<path>", this::figure);
            config.routes.get("/healthz", ctx -> ctx.result("ok"));
            config.routes.ws("/ws/kernel", socket::configure);
            if (workshop != null) {
                workshop.register(config.routes);
            }
            config.routes.exception(NotFoundResponse.class, (e, ctx) -> ctx.status(404).result(e.getMessage()));
        });
    }

    /**
     * Workshop mode: the store that keeps workshops and the instructor's secret.
     *
     * @param store           workshops in the server's database
     * @param instructorToken what the instructor presents once at {@code /instructor?token=…}
     */
    public record Workshops(WorkshopStore store, String instructorToken) {
    }

    /** Starts the server for learners on their own; port 0 picks a free port (see {@link #port()}). */
    public static CourseServer start(CourseContent content, KernelPool kernels, ProgressStore progress, CourseSearch search,
                                     String host, int port) {
        return start(content, kernels, progress, search, null, host, port);
    }

    /** Starts the server, in workshop mode when {@code workshops} is given. */
    public static CourseServer start(CourseContent content, KernelPool kernels, ProgressStore progress, CourseSearch search,
                                     Workshops workshops, String host, int port) {
        CourseServer server = new CourseServer(content, kernels, progress, search, workshops);
        server.app.start(host, port);
        return server;
    }

    public int port() {
        return app.port();
    }

    private void lessonPage(Context ctx) {
        Course course = content.course();
        Lesson lesson = lesson(course, ctx);
        String learner = learner(ctx);
        if (workshop != null && !workshop.mayOpen(learner, LessonPage.path(lesson))) {
            ctx.status(403);
            html(ctx, workshop.lockedPage(course, learner));
            return;
        }
        progress.visited(learner, LessonPage.path(lesson));
        html(ctx, LessonPage.render(course, lesson, markdown, relative -> {
            byte[] svg = content.file((lesson.folder().isEmpty() ? "" : lesson.folder() + "/") + relative);
            return svg == null ? null : new String(svg, StandardCharsets.UTF_8);
        }, progress.summary(learner)));
    }

    /** The learner's id from their cookie, issuing a new one on their first visit. */
    static String learner(Context ctx) {
        String learner = ctx.cookie(LearnerCookie.NAME);
        if (LearnerCookie.isValid(learner)) {
            return learner;
        }
        learner = LearnerCookie.newToken();
        Cookie cookie = new Cookie(LearnerCookie.NAME, learner);
        cookie.setHttpOnly(true);
        cookie.setSameSite(SameSite.STRICT);
        cookie.setPath("/");
        cookie.setMaxAge(60 * 60 * 24 * 365);
        ctx.cookie(cookie);
        return learner;
    }

    /** How many results a search shows. */
    static final int SEARCH_RESULTS = 10;

    private void searchPage(Context ctx) {
        String query = java.util.Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        html(ctx, SearchPage.render(content.course(), query, search.search(query, SEARCH_RESULTS), progress.summary(learner(ctx))));
    }

    private void searchApi(Context ctx) {
        String query = java.util.Objects.requireNonNullElse(ctx.queryParam("q"), "").strip();
        ctx.json(search.search(query, SEARCH_RESULTS));
    }

    /** The learner's saved code and results for a lesson, which the page restores on load. */
    private void lessonProgress(Context ctx) {
        Lesson lesson = lesson(content.course(), ctx);
        String learner = ctx.cookie(LearnerCookie.NAME);
        LessonProgress saved = LearnerCookie.isValid(learner) ? progress.lesson(learner, LessonPage.path(lesson))
                : new LessonProgress(java.util.Map.of(), java.util.Map.of(), java.util.Map.of());
        ctx.header("Cache-Control", "no-store");
        ctx.json(saved);
    }

    private void notebook(Context ctx) {
        Lesson lesson = lesson(content.course(), ctx);
        ctx.contentType("application/x-ipynb+json");
        ctx.header("Content-Disposition", "attachment; filename=\"" + lesson.slug() + ".ipynb\"");
        ctx.result(new NotebookExporter(content::file).export(lesson));
    }

    private void solution(Context ctx) {
        Lesson lesson = lesson(content.course(), ctx);
        var exercise = lesson.exercise(ctx.pathParam("exercise"))
                .orElseThrow(() -> new NotFoundResponse("no such exercise"));
        if (workshop != null && !workshop.maySeeSolution(LessonPage.path(lesson), exercise.id())) {
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

    private static void html(Context ctx, String page) {
        ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.html(page);
    }

    @Override
    public void close() {
        app.stop();
        if (workshop != null) {
            workshop.close();
        }
        kernels.close();
        progress.close();
        search.close();
    }
}
