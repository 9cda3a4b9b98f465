package dev.course.lessons;

/**
 * Builds the Java that judges an exercise in the kernel: the exercise's hidden JUnit 5 test
 * methods wrapped in a class, and a call that runs them and shows each check as pass or fail.
 *
 * <p>The same program runs behind the page's Check button and in the exported notebook, so an
 * exercise is judged identically in the browser and in Jupyter.
 */
public final class ExerciseProgram {

    /** The kernel class that runs a test class and publishes the results. */
    public static final String CHECKS_RUNNER = "dev.course.kernel.exercise.Checks";

    private ExerciseProgram() {
    }

    /** The name of the generated test class for an exercise id ({@code cosine-similarity} → {@code Checks_cosine_similarity}). */
    public static String className(String exerciseId) {
        return "Checks_" + exerciseId.replace('-', '_');
    }

    /**
     * The JShell source that defines the checks and runs them against what the learner defined.
     *
     * <p>The runner is imported, not called by its full name: a learner's variable named {@code dev}
     * (a development split, say) would hide the package {@code dev} from an expression such as
     * {@code dev.course.kernel...}, and every check of the lesson would then fail to compile.
     */
    public static String source(Block.Exercise exercise) {
        String name = className(exercise.id());
        return """
                import org.junit.jupiter.api.*;
                import static org.junit.jupiter.api.Assertions.*;
                import %s;
                class %s {
                %s
                }
                %s.run("%s", %s.class);""".formatted(CHECKS_RUNNER, name, exercise.checks().strip().indent(4).stripTrailing(),
                CHECKS_RUNNER.substring(CHECKS_RUNNER.lastIndexOf('.') + 1), exercise.id(), name);
    }
}
