package dev.course.server.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.lessons.ConceptCheck;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;
import dev.course.kernel.protocol.Messages;
import dev.course.server.progress.LessonProgress;
import dev.course.server.progress.ProgressStore;
import io.javalin.config.RoutesConfig;
import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;
import io.javalin.http.ForbiddenResponse;
import io.javalin.http.HttpResponseException;
import io.javalin.http.NotFoundResponse;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Answering a lesson's concept checks: {@code POST /api/check/{track}/{slug}/{check}} with a form
 * field {@code answer}. The server judges the answer ({@link ConceptCheck#judge(String)}), records it
 * in the learner's progress, and answers with the verdict and the explanations, which are in no
 * page before the learner answers.
 *
 * <p>Nothing the page sends is trusted: the learner comes from the signed cookie, the check must be
 * one of the lesson's, the answer one of its options or a number, and in a workshop the lesson must
 * be open for this learner (so a locked step's checks, like its page and notebook, stay closed).
 */
final class ConceptCheckRoutes {

    /** Answers per learner (not per address: a classroom shares one), a burst, then a couple a second. */
    private final RateLimiter answers = new RateLimiter(30, 2, new ConcurrentHashMap<>());

    private final Supplier<Course> course;
    private final ProgressStore progress;
    private final LearnerCookie cookies;
    private final HostCheck hosts;
    private final LessonAccess access;
    private final MarkdownRenderer markdown;

    /**
     * @param access whether a learner may open a lesson now: always outside a workshop, only open
     *               steps in one
     */
    ConceptCheckRoutes(Supplier<Course> course, ProgressStore progress, LearnerCookie cookies, HostCheck hosts,
                       LessonAccess access, MarkdownRenderer markdown) {
        this.course = course;
        this.progress = progress;
        this.cookies = cookies;
        this.hosts = hosts;
        this.access = access;
        this.markdown = markdown;
    }

    void register(RoutesConfig routes) {
        routes.post("/api/check/{track}/{slug}/{check}", this::answer);
    }

    private void answer(Context ctx) {
        if (!hosts.originAllowed(ctx.header("Origin"), ctx.header("Host"))) {
            throw new ForbiddenResponse("cross-site request refused");
        }
        String learner = cookies.existing(ctx).orElseThrow(() ->
                new ForbiddenResponse("no learner cookie: reload the lesson page, then answer again"));
        Lesson lesson = course.get().lesson(ctx.pathParam("track"), ctx.pathParam("slug"))
                .orElseThrow(() -> new NotFoundResponse("no such lesson"));
        String path = LessonPage.path(lesson);
        if (!access.mayOpen(learner, path)) {
            throw new ForbiddenResponse("this workshop step is not open for you yet");
        }
        ConceptCheck check = lesson.conceptCheck(ctx.pathParam("check")).orElseThrow(() -> new NotFoundResponse("no such check in this lesson"));
        if (!answers.tryAcquire(learner)) {
            throw new HttpResponseException(429, "Too many answers at once; wait a moment and answer again.", Map.of());
        }
        ConceptCheck.Verdict verdict;
        try {
            verdict = check.judge(ctx.formParam("answer"));
        } catch (IllegalArgumentException e) {
            throw new BadRequestResponse(e.getMessage());
        }
        progress.answered(learner, path, check.id(), verdict.answer(), verdict.correct());
        ctx.header("Cache-Control", "no-store");
        ctx.json(feedback(lesson, check, verdict.answer(), verdict.correct()));
    }

    /**
     * The feedback for every check of the lesson the learner has answered, for the page to show
     * again on load; empty for a lesson the learner may not open.
     */
    ObjectNode answered(Lesson lesson, String learner, LessonProgress saved) {
        ObjectNode checks = Messages.JSON.createObjectNode();
        if (!access.mayOpen(learner, LessonPage.path(lesson))) {
            return checks;
        }
        saved.checks().forEach((id, answer) -> lesson.conceptCheck(id).ifPresent(check ->
                checks.set(id, feedback(lesson, check, answer.answer(), answer.correct()))));
        return checks;
    }

    /**
     * What the page shows after an answer: whether it is right, the right answer, and the
     * explanations as HTML (one per option of a choice, one for a number).
     */
    private ObjectNode feedback(Lesson lesson, ConceptCheck check, String answer, boolean correct) {
        String base = LessonPage.assetBase(lesson);
        ObjectNode json = Messages.JSON.createObjectNode().put("check", check.id()).put("answer", answer).put("correct", correct);
        switch (check.answer()) {
            case ConceptCheck.Choice choice -> {
                json.put("right", choice.correctIndex());
                ArrayNode explanations = json.putArray("explanations");
                choice.options().forEach(option -> explanations.add(markdown.render(option.explanation(), base)));
            }
            case ConceptCheck.Numeric numeric -> {
                json.put("right", numeric.display());
                json.put("explanation", markdown.render(numeric.explanation(), base));
            }
        }
        return json;
    }
}
