package dev.course.server.web;

import dev.course.lessons.Block;
import dev.course.lessons.CellRole;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;

import java.util.function.Function;

import static dev.course.lessons.Html.escape;

/**
 * A lesson as a page: prose rendered from Markdown, and each Java cell as an editable, runnable
 * cell. The page carries stable test hooks: every cell {@code data-testid="cell"}, its run button
 * {@code data-testid="run"}, its output {@code data-testid="output"}.
 *
 * <p>Exercise checks and solutions are not in the page: the checks run on the server's side of the
 * kernel, and a solution is fetched only when the learner asks to see it.
 */
final class LessonPage {

    private LessonPage() {
    }

    /** The URL of a lesson page. */
    static String url(Lesson lesson) {
        return "/learn/" + lesson.meta().track() + "/" + lesson.slug();
    }

    /** The lesson's name in progress records and the kernel socket: {@code track/slug}. */
    static String path(Lesson lesson) {
        return lesson.meta().track() + "/" + lesson.slug();
    }

    /** The URL folder a lesson's figures are served from. */
    static String assetBase(Lesson lesson) {
        return "/content/" + (lesson.folder().isEmpty() ? "" : lesson.folder() + "/");
    }

    /**
     * How to use the code editors from the keyboard, once per page; every editor points to it
     * (aria-describedby). Tab indents code, so leaving an editor takes Esc first (WCAG 2.1.2).
     */
    static final String EDITOR_KEYS = "<p class=\"editor-keys\" id=\"editor-keys\">In the code: <kbd>Shift</kbd>+<kbd>Enter</kbd>"
            + " runs a cell, <kbd>Tab</kbd> indents, <kbd>Esc</kbd> then <kbd>Tab</kbd> leaves the editor.</p>";

    /**
     * @param svgReader reads a lesson's SVG figure by its path relative to the lesson file, for inlining
     */
    static String render(Course course, Lesson lesson, MarkdownRenderer markdown, Function<String, String> svgReader,
                         java.util.Map<String, dev.course.server.progress.LessonSummary> progress) {
        StringBuilder body = new StringBuilder();
        body.append("<article class=\"lesson\"><header class=\"lesson-header\"><p class=\"eyebrow\">")
                .append(escape(course.track(lesson.meta().track()).map(t -> t.title()).orElse(""))).append("</p><h1>")
                .append(escape(lesson.meta().title())).append("</h1><p class=\"lead\">").append(escape(lesson.meta().summary()))
                .append("</p>").append(EDITOR_KEYS).append("</header>");
        String base = assetBase(lesson);
        int checks = 0;
        for (Block block : lesson.blocks()) {
            switch (block) {
                case Block.Prose prose -> body.append("<div class=\"prose\">")
                        .append(markdown.render(prose.markdown(), base, svgReader)).append("</div>");
                case Block.Callout callout -> body.append("<aside class=\"callout callout-").append(callout.kind())
                        .append("\"><p class=\"callout-title\">").append(calloutTitle(callout.kind())).append("</p>")
                        .append(markdown.render(callout.markdown(), base, svgReader)).append("</aside>");
                case Block.Cell cell -> {
                    if (cell.role() != CellRole.SETUP) {
                        body.append(cell(cell.id(), cell.source(), cell.role() == CellRole.READONLY, null));
                    }
                }
                case Block.Exercise exercise -> body.append(exercise(exercise, markdown, base, svgReader));
                case dev.course.lessons.ConceptCheck check -> body.append(ConceptCheckView.render(check, ++checks, markdown, base, svgReader));
            }
        }
        if (checks > 0) {
            body.append(ConceptCheckView.SCRIPT);
        }
        course.after(lesson).ifPresent(next -> body.append("<nav class=\"next\"><a href=\"").append(url(next))
                .append("\">Next: ").append(escape(next.meta().title())).append(" →</a></nav>"));
        body.append("</article>");
        String attributes = "class=\"page-lesson\" data-lesson=\"" + escape(path(lesson)) + "\"";
        return PageLayout.page(lesson.meta().title() + " · " + course.title(), course, lesson, body.toString(), attributes, progress);
    }

    private static String cell(String id, String source, boolean readOnly, String exerciseId) {
        return "<section class=\"cell" + (readOnly ? " readonly" : "") + "\" data-testid=\"cell\" data-cell=\"" + escape(id) + "\""
                + (exerciseId == null ? "" : " data-exercise=\"" + escape(exerciseId) + "\"")
                + (readOnly ? " data-readonly=\"true\"" : "") + ">"
                + "<div class=\"cell-gutter\"><button type=\"button\" class=\"run\" data-testid=\"run\" title=\"Run (Shift+Enter)\" "
                + "aria-label=\"Run cell\">▶</button><span class=\"count\" aria-hidden=\"true\"></span>"
                + (readOnly ? "" : "<button type=\"button\" class=\"reset\" data-testid=\"reset\" title=\"Back to the lesson's code\" "
                + "aria-label=\"Reset cell to the lesson's code\" hidden>↺</button>")
                + "</div>"
                + "<div class=\"cell-body\"><textarea class=\"source\" spellcheck=\"false\" aria-label=\"Java code\">"
                + escape(source) + "</textarea>"
                + "<div class=\"output\" data-testid=\"output\" aria-live=\"polite\"></div></div></section>";
    }

    private static String exercise(Block.Exercise exercise, MarkdownRenderer markdown, String base,
                                   Function<String, String> svgReader) {
        String id = escape(exercise.id());
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"exercise\" data-testid=\"exercise\" data-exercise=\"").append(id).append("\">")
                .append("<p class=\"exercise-title\">Your turn</p><div class=\"task\">")
                .append(markdown.render(exercise.task(), base, svgReader)).append("</div>")
                .append(cell("ex-" + exercise.id(), exercise.starter(), false, exercise.id()))
                .append("<div class=\"exercise-actions\"><button type=\"button\" class=\"check\" data-testid=\"check\">Check</button>");
        if (!exercise.hint().isBlank()) {
            html.append("<details class=\"hint\"><summary>Hint</summary>")
                    .append(markdown.render(exercise.hint(), base, svgReader)).append("</details>");
        }
        html.append("<button type=\"button\" class=\"link-button\" data-action=\"solution\">Show solution</button></div>")
                .append("<ol class=\"checks\" data-testid=\"checks\" aria-live=\"polite\"></ol>")
                .append("<pre class=\"solution\" data-testid=\"solution\" hidden></pre></section>");
        return html.toString();
    }

    private static String calloutTitle(String kind) {
        return switch (kind) {
            case "tip" -> "Tip";
            case "warning" -> "Careful";
            default -> "Note";
        };
    }
}
