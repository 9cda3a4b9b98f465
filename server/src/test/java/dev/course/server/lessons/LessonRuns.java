package dev.course.server.lessons;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.function.ThrowingConsumer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * How the whole-course suites ({@link EveryLessonRunsIT} in the web path, {@code NotebookInJupyterIT}
 * in the notebook path) choose their lessons and run them: a few at a time.
 *
 * <p>Why concurrently: running every lesson top to bottom is most of CI's time, and one lesson keeps
 * about one core busy (one kernel JVM running one cell at a time), so on the 2-core CI machine two
 * lessons side by side finish in little more than the time of one. Each lesson still gets its own
 * fresh kernel, so lessons cannot see each other's state; results are reported in the course's order.
 * {@code -Dcourse.it.parallel=1} runs them one after another (to read one lesson's timing, or on a
 * 1-core machine).
 */
public final class LessonRuns {

    /** How many lessons run at once: {@code -Dcourse.it.parallel}, by default 2. */
    public static final int PARALLELISM = Math.max(1, Integer.getInteger("course.it.parallel", 2));

    /**
     * How long a lesson's test waits for its run, however slow the machine: far above any lesson's
     * time (JUnit's {@code @Timeout} bounds a test factory, not the dynamic tests it returns).
     */
    private static final Duration LESSON_DEADLINE = Duration.ofMinutes(10);

    private static final List<String> ONLY = Stream.of(System.getProperty("course.it.lessons", "").split(","))
            .map(String::strip).filter(word -> !word.isEmpty()).toList();

    private LessonRuns() {
    }

    /**
     * Whether {@code -Dcourse.it.lessons=reranking,embeddings} selects the lesson at this path
     * (track/slug, or a notebook's relative path): no property selects all, otherwise the path must
     * contain one of the words.
     */
    public static boolean selected(String path) {
        return ONLY.isEmpty() || ONLY.stream().anyMatch(path::contains);
    }

    /**
     * One dynamic test per item, named by {@code name}, whose bodies run {@link #PARALLELISM} at a
     * time on a pool started now; each test waits for its own item's run and fails with that run's
     * own exception (an {@link AssertionError} stays one). The pool stops when JUnit closes the stream.
     */
    public static <T> Stream<DynamicTest> concurrently(List<T> items, Function<T, String> name, ThrowingConsumer<T> body) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM, Thread.ofPlatform().daemon().name("lesson-run-", 1).factory());
        List<Future<?>> runs = items.stream().<Future<?>>map(item -> pool.submit(() -> {
            long start = System.nanoTime();
            try {
                body.accept(item);
            } catch (Throwable failure) {
                throw new LessonFailed(failure);
            } finally {
                // Each run's own wall time (a dynamic test's time in the report is its wait, not its run).
                System.out.printf("lesson run %s: %.1f s%n", name.apply(item), (System.nanoTime() - start) / 1e9);
            }
            return null;
        })).toList();
        pool.shutdown();
        return java.util.stream.IntStream.range(0, items.size())
                .mapToObj(i -> DynamicTest.dynamicTest(name.apply(items.get(i)), () -> awaitRun(runs.get(i))))
                .onClose(pool::shutdownNow);
    }

    private static void awaitRun(Future<?> run) throws Throwable {
        try {
            run.get(LESSON_DEADLINE.toMinutes(), TimeUnit.MINUTES);
        } catch (ExecutionException failed) {
            Throwable cause = failed.getCause() instanceof LessonFailed wrapped ? wrapped.getCause() : failed.getCause();
            throw cause;
        }
    }

    /** Carries any failure of a lesson's run (checked exceptions and errors alike) out of the pool. */
    private static final class LessonFailed extends RuntimeException {
        LessonFailed(Throwable cause) {
            super(cause);
        }
    }
}
