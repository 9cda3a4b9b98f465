package dev.course.server.web;

import dev.course.lessons.ConceptCheck;
import dev.course.lessons.MarkdownRenderer;

import java.util.function.Function;

import static dev.course.lessons.Html.escape;

/**
 * A concept check on the lesson page: the question and a form with real radio buttons and labels
 * (or a number field), answered with the keyboard as well as the mouse. The page holds no answer and
 * no explanation: {@code checks.js} posts the learner's answer and shows what the server sends back
 * ({@link ConceptCheckRoutes}) in a live region. Test hooks: {@code data-testid="concept-check"},
 * {@code check-option}, {@code check-answer}, {@code check-submit}, {@code check-feedback}.
 */
final class ConceptCheckView {

    /** The script that answers the checks, kept apart from the page's cell code. */
    static final String SCRIPT = "<script src=\"/assets/checks.js\"></script>";

    private ConceptCheckView() {
    }

    static String render(ConceptCheck check, int number, MarkdownRenderer markdown, String base, Function<String, String> svgReader) {
        String id = "check-" + escape(check.id());
        StringBuilder html = new StringBuilder();
        html.append("<section class=\"concept-check\" data-testid=\"concept-check\" data-check=\"").append(escape(check.id()))
                .append("\" aria-labelledby=\"").append(id).append("-title\">")
                .append("<p class=\"check-title\" id=\"").append(id).append("-title\">Check your understanding · ").append(number).append("</p>")
                .append("<form class=\"check-form\" novalidate><fieldset aria-describedby=\"").append(id).append("-question\">")
                .append("<legend class=\"visually-hidden\">Question ").append(number).append("</legend>")
                .append("<div class=\"check-question\" id=\"").append(id).append("-question\">")
                .append(markdown.render(check.question(), base, svgReader)).append("</div>");
        switch (check.answer()) {
            case ConceptCheck.Choice choice -> {
                html.append("<ul class=\"check-options\">");
                for (int i = 0; i < choice.options().size(); i++) {
                    String option = id + "-" + i;
                    html.append("<li class=\"check-option\" data-testid=\"check-option\" data-option=\"").append(i).append("\">")
                            .append("<input type=\"radio\" name=\"answer\" value=\"").append(i).append("\" id=\"").append(option).append("\">")
                            .append("<label for=\"").append(option).append("\">")
                            .append(inline(markdown.render(choice.options().get(i).text(), base))).append("</label>")
                            .append("<div class=\"check-explanation\" hidden></div></li>");
                }
                html.append("</ul>");
            }
            case ConceptCheck.Numeric numeric -> html.append("<p class=\"check-number\"><label for=\"").append(id)
                    .append("-value\">Your answer (a number)</label> <input type=\"text\" inputmode=\"decimal\" autocomplete=\"off\" name=\"answer\" id=\"")
                    .append(id).append("-value\" maxlength=\"").append(ConceptCheck.MAX_ANSWER_CHARS)
                    .append("\" data-testid=\"check-answer\"></p>");
        }
        html.append("</fieldset><p class=\"check-actions\"><button type=\"submit\" class=\"check\" data-testid=\"check-submit\">Answer</button>")
                .append("<button type=\"button\" class=\"link-button\" data-action=\"check-again\" hidden>Answer again</button></p></form>")
                .append("<div class=\"check-feedback\" data-testid=\"check-feedback\" role=\"status\" aria-live=\"polite\"></div></section>");
        return html.toString();
    }

    /** An option's one-line Markdown without the paragraph around it, so it sits inside a label. */
    private static String inline(String html) {
        String trimmed = html.strip();
        return trimmed.startsWith("<p>") && trimmed.endsWith("</p>") && trimmed.indexOf("<p>", 1) < 0
                ? trimmed.substring(3, trimmed.length() - 4) : trimmed;
    }
}
