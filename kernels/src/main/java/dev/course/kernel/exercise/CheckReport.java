package dev.course.kernel.exercise;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.kernel.protocol.Json;
import dev.course.kernel.protocol.MimeTypes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The verdict on an exercise: every check with its outcome. It renders as the bundle the course page
 * and notebooks show:
 *
 * <ul>
 *   <li>{@value MimeTypes#CHECK}: {@code {"exercise": id, "passed": bool, "checks": [{"name", "passed",
 *       "message"}]}} for the course page, which draws its own pass/fail list;
 *   <li>{@code text/html}: a small list for Jupyter;
 *   <li>{@code text/plain}: one line per check, {@code ✔ name} or {@code ✘ name: message}.
 * </ul>
 *
 * @param exercise the exercise id
 * @param passed   whether every check passed (and there was at least one)
 * @param checks   the checks in the order they ran
 */
public record CheckReport(String exercise, boolean passed, List<CheckResult> checks) implements Renderable {

    private static final String PASS = "✔";
    private static final String FAIL = "✘";

    public CheckReport {
        checks = List.copyOf(checks);
    }

    /** A report whose verdict follows from its checks. */
    public static CheckReport of(String exercise, List<CheckResult> checks) {
        boolean passed = !checks.isEmpty() && checks.stream().allMatch(CheckResult::passed);
        return new CheckReport(exercise, passed, checks);
    }

    @Override
    public MimeBundle render() {
        Map<String, String> data = new LinkedHashMap<>();
        data.put(MimeTypes.CHECK, Json.write(toJson()));
        data.put(MimeBundle.HTML, toHtml());
        data.put(MimeBundle.TEXT, toText());
        return new MimeBundle(data);
    }

    /** The JSON form, as in the {@value MimeTypes#CHECK} bundle entry. */
    public ObjectNode toJson() {
        ArrayNode array = Json.MAPPER.createArrayNode();
        for (CheckResult check : checks) {
            ObjectNode node = array.addObject();
            node.put("name", check.name());
            node.put("passed", check.passed());
            node.put("message", check.message());
        }
        ObjectNode json = Json.object();
        json.put("exercise", exercise);
        json.put("passed", passed);
        json.set("checks", array);
        return json;
    }

    /** One line per check. */
    public String toText() {
        return checks.stream().map(CheckReport::line).collect(Collectors.joining("\n"));
    }

    private static String line(CheckResult check) {
        return check.passed() ? PASS + " " + check.name() : FAIL + " " + check.name() + ": " + check.message();
    }

    private String toHtml() {
        StringBuilder html = new StringBuilder()
                .append("<div class=\"course-check\" data-exercise=\"").append(escape(exercise))
                .append("\" data-passed=\"").append(passed).append("\"><ul style=\"list-style:none;padding-left:0\">");
        for (CheckResult check : checks) {
            html.append("<li class=\"").append(check.passed() ? "pass" : "fail").append("\">")
                    .append(check.passed() ? PASS : FAIL).append(' ').append(escape(check.name()));
            if (!check.passed()) {
                html.append(": <code>").append(escape(check.message())).append("</code>");
            }
            html.append("</li>");
        }
        return html.append("</ul></div>").toString();
    }

    private static String escape(String text) {
        return String.valueOf(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return toText();
    }
}
