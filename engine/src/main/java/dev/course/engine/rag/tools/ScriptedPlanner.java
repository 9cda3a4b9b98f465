package dev.course.engine.rag.tools;

import dev.course.engine.rag.KeywordRewriter;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An offline planner with three fixed rules, so the tool loop can be watched without a model:
 * arithmetic in the task goes to {@code calculator}, code in backticks to {@code run_java}, anything
 * else to the first {@code search_…} tool with the task's keywords. After one round it answers by
 * reporting the results. A model does the same job with judgement; these rules show the protocol.
 */
public final class ScriptedPlanner implements Planner {

    /** An arithmetic expression: numbers joined by operators, parentheses allowed. */
    static final Pattern ARITHMETIC = Pattern.compile("(?:sqrt\\s*)?\\(?\\s*-?\\d[\\d.,_]*(?:\\s*\\)?\\s*[-+*/^×%]\\s*\\(?\\s*"
            + "(?:sqrt\\s*\\(?\\s*)?-?\\d[\\d.,_]*\\s*\\)?)+");
    static final Pattern CODE = Pattern.compile("`([^`]+)`");

    @Override
    public String name() {
        return "scripted rules";
    }

    @Override
    public Decision next(String task, List<Tool> tools, List<Round> rounds) {
        if (!rounds.isEmpty()) {
            return new Finish(report(rounds));
        }
        List<String> names = tools.stream().map(Tool::name).toList();
        var calls = new ArrayList<ToolCall>();
        Matcher code = CODE.matcher(task);
        while (code.find() && names.contains("run_java")) {
            calls.add(ToolCall.of("call_" + (calls.size() + 1), "run_java", "code", code.group(1)));
        }
        Matcher arithmetic = ARITHMETIC.matcher(CODE.matcher(task).replaceAll(" "));
        while (arithmetic.find() && names.contains("calculator")) {
            calls.add(ToolCall.of("call_" + (calls.size() + 1), "calculator", "expression", arithmetic.group().strip()));
        }
        if (calls.isEmpty()) {
            names.stream().filter(n -> n.startsWith("search_")).findFirst().ifPresent(search -> calls.add(ToolCall.of(
                    "call_1", search, "query", new KeywordRewriter().rewrite(task).queries().getFirst())));
        }
        return calls.isEmpty() ? new Finish("no rule matches this task with the tools " + names) : new CallTools(calls);
    }

    /** The results, one sentence each. */
    private static String report(List<Round> rounds) {
        var sentences = new ArrayList<String>();
        for (Round round : rounds) {
            for (int i = 0; i < round.calls().size(); i++) {
                ToolCall call = round.calls().get(i);
                ToolResult result = round.results().get(i);
                String content = result.content().strip();
                if (result.failed()) {
                    sentences.add(call.name() + " failed: " + content);
                } else if (call.name().equals("calculator")) {
                    sentences.add(call.arguments().path("expression").asText() + " = " + content + ".");
                } else if (call.name().equals("run_java")) {
                    sentences.add("Running the snippet gives " + content.replace('\n', ' ') + ".");
                } else {
                    String first = content.lines().findFirst().orElse(content);
                    sentences.add("The best passage from " + call.name().substring("search_".length()) + " is " + first);
                }
            }
        }
        return String.join(" ", sentences);
    }
}
