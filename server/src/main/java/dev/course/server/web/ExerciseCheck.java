package dev.course.server.web;

import dev.course.lessons.Block;
import dev.course.lessons.ExerciseProgram;
import dev.course.server.kernel.KernelSession;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Checking an exercise, as the page's {@code check} command asks: the learner's code runs as the
 * exercise's cell (phase {@code code}); only if it ran, the exercise's hidden JUnit checks
 * ({@link ExerciseProgram}, which never reach the browser) run against it in the same kernel (phase
 * {@code check}), and the kernel publishes the verdict. A check that ends without a verdict is
 * explained ({@link UnfinishedCheck}), so the page never stays at "Checking…".
 */
final class ExerciseCheck {

    /** The page's cell id of an exercise: its output and saved code go under it. */
    static String cellId(String exerciseId) {
        return "ex-" + exerciseId;
    }

    /** Runs one cell of a check in the learner's kernel, relaying its output to the page. */
    @FunctionalInterface
    interface Cells {
        CompletableFuture<KernelSession.Reply> run(String cellId, String code, String phase);
    }

    private ExerciseCheck() {
    }

    /**
     * Starts a check; it ends when its last cell does.
     *
     * @param wallClock each cell's wall clock, to say why a check stopped
     * @param blocked   told, instead of a verdict, what stopped the check
     */
    static void start(Block.Exercise exercise, String code, Duration wallClock, Cells cells, Consumer<String> blocked) {
        String cellId = cellId(exercise.id());
        cells.run(cellId, code, "code").thenAccept(reply -> {
            if (reply.status().equals("ok")) {
                cells.run(cellId, ExerciseProgram.source(exercise), "check").thenAccept(checked -> {
                    if (!checked.status().equals("ok")) {
                        blocked.accept(UnfinishedCheck.explain(checked, wallClock, true));
                    }
                });
            } else {
                blocked.accept(UnfinishedCheck.explain(reply, wallClock, false));
            }
        });
    }
}
