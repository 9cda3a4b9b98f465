package dev.course.server.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import dev.course.kernel.protocol.MimeTypes;
import dev.course.lessons.Block;
import dev.course.lessons.CellRole;
import dev.course.lessons.CourseContent;
import dev.course.lessons.ExerciseProgram;
import dev.course.lessons.Expectation;
import dev.course.lessons.Lesson;
import dev.course.server.kernel.TestLaunchers;
import dev.course.server.kernel.KernelLauncher;
import dev.course.server.sandbox.KernelLimits;
import dev.course.server.kernel.KernelSession;
import dev.course.server.sandbox.Sandbox;
import dev.course.server.models.ModelService;
import dev.course.server.models.ModelServiceLimits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every lesson of the course, top to bottom, through the web path: a fresh sandboxed kernel per
 * lesson runs its setup and every cell, which must succeed; every exercise's checks must fail on
 * the starter code (or the exercise teaches nothing) and pass on the solution; and the cells after
 * an exercise must still run for a learner who has not solved it. What the prose says a cell
 * prints (the cell's {@code expect} block) is checked against what it printed.
 *
 * <p>Kernels use the server's model service, as under {@code course serve}
 * ({@code -Dcourse.it.models=kernel} loads the models in each kernel instead);
 * {@code -Dcourse.it.lessons=reranking,embeddings} runs only the lessons whose path contains one of
 * those words; lessons run {@link LessonRuns#PARALLELISM} at a time, each in its own kernel.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class EveryLessonRunsIT {

    private static final Duration CELL_TIMEOUT = Duration.ofSeconds(180);
    private static final boolean MODEL_SERVICE = !System.getProperty("course.it.models", "service").equals("kernel");
    private static final ModelService SERVICE = MODEL_SERVICE ? new ModelService(ModelServiceLimits.defaults()) : null;

    @TestFactory
    Stream<DynamicTest> everyLessonRunsAndItsExercisesJudgeCorrectly() {
        List<Lesson> lessons = CourseContent.packaged().course().lessons().stream()
                .filter(lesson -> LessonRuns.selected(lesson.meta().track() + "/" + lesson.slug()))
                .toList();
        return LessonRuns.concurrently(lessons, lesson -> lesson.meta().track() + "/" + lesson.slug(), EveryLessonRunsIT::runLesson);
    }

    /**
     * One launcher for every lesson, as one server has: the sandbox is detected and the class-data
     * archive made once, before the first lesson. Made per lesson, two lessons starting side by side
     * each probed the sandbox and each trained an archive (20 s of CPU apiece on CI). The launcher
     * only starts processes; each lesson still gets a fresh kernel of its own.
     */
    private static KernelLauncher launcher;

    private static synchronized KernelLauncher launcher() {
        if (launcher == null) {
            KernelLauncher plain = TestLaunchers.withClassArchive(Sandbox.detect(), KernelLimits.defaults().withCellTimeout(CELL_TIMEOUT));
            launcher = SERVICE == null ? plain : plain.withModelService(SERVICE);
        }
        return launcher;
    }

    private static void runLesson(Lesson lesson) throws Exception {
        List<String> setup = lesson.cells().stream().filter(c -> c.role() == CellRole.SETUP).map(Block.Cell::source).toList();
        try (KernelSession kernel = new KernelSession("lesson-" + lesson.slug(), launcher(), setup)) {
            for (Block block : lesson.blocks()) {
                switch (block) {
                    case Block.Cell cell when cell.role() != CellRole.SETUP -> {
                        long start = System.nanoTime();
                        Outcome outcome = run(kernel, cell.source());
                        reportSlowCell(lesson.sourceName() + ":" + cell.line(), start);
                        assertEquals("ok", outcome.status, lesson.sourceName() + ":" + cell.line() + " cell " + cell.id()
                                + " failed: " + outcome.errors);
                        // What the prose says this cell prints (its expect block) must be what it printed.
                        List<String> disagreements = Expectation.disagreements(lesson.sourceName(), cell.expectations(), outcome.output);
                        assertTrue(disagreements.isEmpty(), String.join("\n", disagreements));
                    }
                    case Block.Exercise exercise -> {
                        String where = lesson.sourceName() + ":" + exercise.line() + " exercise " + exercise.id();
                        long start = System.nanoTime();
                        assertEquals("ok", run(kernel, exercise.starter()).status, where + ": the starter must compile and run");
                        Outcome starterCheck = run(kernel, ExerciseProgram.source(exercise));
                        assertTrue(starterCheck.verdict.isObject(), where + ": the checks gave no verdict: " + starterCheck.errors);
                        assertFalse(starterCheck.verdict.path("passed").asBoolean(true), where + ": the checks pass on the starter code");
                        Outcome solution = run(kernel, exercise.solution());
                        assertEquals("ok", solution.status, where + ": the solution fails: " + solution.errors);
                        JsonNode verdict = run(kernel, ExerciseProgram.source(exercise)).verdict;
                        assertTrue(verdict.path("passed").asBoolean(false), where + ": the checks fail on the solution: " + verdict);
                        // Other correct answers, as a learner writes them with what earlier lessons taught, pass too.
                        for (String alternative : exercise.alternatives()) {
                            Outcome other = run(kernel, alternative);
                            assertEquals("ok", other.status, where + ": an alternative solution fails: " + other.errors);
                            JsonNode otherVerdict = run(kernel, ExerciseProgram.source(exercise)).verdict;
                            assertTrue(otherVerdict.path("passed").asBoolean(false),
                                    where + ": the checks fail on an alternative solution: " + otherVerdict);
                        }
                        // Go on as a learner who has not solved it (as a notebook run top to bottom does):
                        // the cells after an exercise must not depend on its solution.
                        assertEquals("ok", run(kernel, exercise.starter()).status, where + ": the starter must run again");
                        reportSlowCell(where + " (starter, checks, solution, checks, alternatives, starter)", start);
                    }
                    default -> {
                    }
                }
            }
        }
    }

    /** A cell that took a second or more, the time a learner waits for it: where a slow lesson spends its time. */
    private static final double SLOW_CELL_SECONDS = 1.0;

    private static void reportSlowCell(String where, long startNanos) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        if (seconds >= SLOW_CELL_SECONDS) {
            System.out.printf("cell %s: %.1f s%n", where, seconds);
        }
    }

    /**
     * @param output what the learner reads under the cell: its streams and the plain text of its
     *               results, in order
     */
    private record Outcome(String status, List<String> errors, JsonNode verdict, String output) {
    }

    private static Outcome run(KernelSession kernel, String code) throws Exception {
        List<String> errors = new ArrayList<>();
        // The output as the page shows it at the end: a display update replaces the output it names.
        List<String> output = new ArrayList<>();
        Map<String, Integer> displays = new HashMap<>();
        JsonNode[] verdict = {com.fasterxml.jackson.databind.node.MissingNode.getInstance()};
        KernelSession.Reply reply = kernel.execute(code, (type, content) -> {
            String displayId = content.path("transient").path("display_id").asText("");
            String text = content.path("data").path("text/plain").asText() + "\n";
            if (type.equals("stream")) {
                output.add(content.path("text").asText());
            } else if (type.equals("update_display_data") && displays.containsKey(displayId)) {
                output.set(displays.get(displayId), text);
            } else if (type.equals("execute_result") || type.equals("display_data")) {
                if (!displayId.isEmpty()) displays.put(displayId, output.size());
                output.add(text);
            }
            if (type.equals("error")) {
                errors.add(content.path("ename").asText() + ": " + content.path("evalue").asText() + " " + content.path("traceback"));
            }
            JsonNode check = content.path("data").path(MimeTypes.CHECK);
            if (type.equals("display_data") && check.isObject()) {
                verdict[0] = check;
            }
        }).get(CELL_TIMEOUT.toSeconds() + 60, TimeUnit.SECONDS);
        if (reply.restarted()) {
            errors.add("the kernel restarted: " + reply.restartReason());
        }
        if (reply.status().equals("aborted")) {
            errors.add("aborted: " + reply.reply().path("reason").asText("(no reason given)"));
        }
        return new Outcome(reply.status(), errors, verdict[0], String.join("", output));
    }
}
