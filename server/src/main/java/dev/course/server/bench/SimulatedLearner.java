package dev.course.server.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * One learner as the server sees them: joins the workshop over HTTP with a name, opens the lesson
 * page, and runs cells through the kernel WebSocket exactly as the page's script does.
 */
final class SimulatedLearner extends PageConnection {

    SimulatedLearner(String base, String learnerId) {
        super(base, learnerId);
    }

    void join(String code, String name) throws Exception {
        HttpResponse<String> joined = postForm("/join/" + code, Map.of("name", name));
        if (joined.statusCode() != 302) {
            throw new IllegalStateException("join answered " + joined.statusCode());
        }
    }

    /** Loads the lesson page (as the browser does) and opens its kernel socket. */
    @Override
    public SimulatedLearner open(String lesson) throws Exception {
        HttpResponse<String> page = get("/learn/" + lesson);
        if (page.statusCode() != 200) {
            throw new IllegalStateException("lesson page answered " + page.statusCode());
        }
        super.open(lesson);
        return this;
    }

    /** A finished cell: its status, how long from sending it to its reply, and the error it showed, if any. */
    record Ran(String status, long millis, boolean restarted, String error) {
    }

    Ran run(String cell, String code, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        return ran(runAndCollect(command("execute").put("cell", cell).put("code", code), cell, null, timeout), start);
    }

    Ran check(String exercise, String code, Duration timeout) throws InterruptedException {
        long start = System.nanoTime();
        return ran(runAndCollect(command("check").put("exercise", exercise).put("code", code), "ex-" + exercise, "check", timeout),
                start);
    }

    void interrupt() {
        send(command("interrupt"));
    }

    private static Ran ran(List<JsonNode> messages, long start) {
        long millis = (System.nanoTime() - start) / 1_000_000;
        boolean restarted = messages.stream().anyMatch(m -> m.path("msg_type").asText().equals("kernel_restarted"));
        String error = messages.stream().filter(m -> m.path("msg_type").asText().equals("error")).findFirst()
                .map(m -> m.at("/content/ename").asText() + ": " + m.at("/content/evalue").asText()).orElse(null);
        if (messages.isEmpty()) {
            return new Ran("timeout", millis, restarted, error);
        }
        JsonNode last = messages.getLast();
        String type = last.path("msg_type").asText();
        String status = type.equals("check_blocked") ? "blocked"
                : type.equals("execute_reply") ? last.at("/content/status").asText() : "timeout";
        return new Ran(status, millis, restarted, error);
    }
}
