package dev.course.kernel.jshell;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.PersistentSnippet;
import jdk.jshell.Snippet;

/**
 * Throwaway cells that a kernel started ahead of need runs before it says it is ready, so that a
 * learner's first cell finds JShell's compiler compiled by the JIT for the kinds of snippet that
 * first cell holds.
 *
 * <p>Why these and not {@code 1 + 1} over and over: a lesson's first cell typically declares a
 * method, a few arrays and ends in an expression ({@code dot(a, b)}); the next ones format numbers,
 * build strings, use a stream, and now and then fail to compile or throw. javac takes a different
 * path for each kind of snippet (a method is wrapped in a class and checked against the methods
 * already there; a variable declaration is compiled and then run for its initialiser; an error is
 * reported through the diagnostics), so a kernel that practised only expressions meets all of
 * these cold in the learner's first cell, at the moment a whole room runs theirs. The cells run
 * through the same {@link CellRunner} as a learner's (splitting, evaluating, dropping temporaries,
 * error reports) and print nothing: there is no learner to send output to yet.
 *
 * <p>Afterwards every snippet the practice declared is dropped, so the learner sees no trace: no
 * variables, no methods, only snippet numbers that do not start at 1. The names all start with
 * {@code practice} to stay clear of a lesson's names even while they exist.
 */
public final class PracticeCells {

    /** The cells, in the order they are run; {@link #practise} cycles through them. */
    static final List<String> CELLS = List.of(
            """
            double practiceDot(double[] x, double[] y) {
                double sum = 0;
                for (int i = 0; i < x.length; i++) sum += x[i] * y[i];
                return sum;
            }

            double[] practiceA = {3, 1};
            double[] practiceB = {2, 2};
            practiceDot(practiceA, practiceB)""",
            """
            double practiceNorm(double[] v) {
                return Math.sqrt(practiceDot(v, v));
            }
            String.format("|a| = %.4f, |b| = %.4f", practiceNorm(practiceA), practiceNorm(practiceB))""",
            """
            String practiceText = "a · b = " + practiceDot(practiceA, practiceB);
            practiceText.length()""",
            "List.of(3, 1, 2).stream().sorted().map(String::valueOf).collect(Collectors.joining(\", \"))",
            "int practiceN = 6 * 7;\nMath.toDegrees(Math.acos(practiceN / 84.0))",
            "int[] practiceXs = new int[1];\npracticeXs[5] = 1;",
            "int practiceBroken = \"text\";",
            "(3 + 1) * 2");

    private PracticeCells() {
    }

    /**
     * Runs {@code count} practice cells (cycling through {@link #CELLS}) and then drops every snippet
     * they declared. Only from the thread that evaluates cells.
     *
     * @return how many of the cells ended as their kind of cell should (a value, or the error it is
     *         there to practise); fewer than {@code count} means a cell broke, which a test notices
     */
    public static int practise(CellRunner runner, JShell shell, int count) {
        Set<String> before = shell.snippets().map(Snippet::id).collect(Collectors.toCollection(HashSet::new));
        int asExpected = 0;
        try {
            for (int i = 0; i < count; i++) {
                String cell = CELLS.get(i % CELLS.size());
                boolean shouldFail = cell.contains("practiceXs[5]") || cell.contains("practiceBroken");
                boolean failed = !(runner.run(cell, 0) instanceof CellOutcome.Completed);
                if (failed == shouldFail) {
                    asExpected++;
                }
            }
        } finally {
            shell.snippets()
                    .filter(snippet -> !before.contains(snippet.id()))
                    .filter(snippet -> snippet instanceof PersistentSnippet && shell.status(snippet).isActive())
                    .toList()
                    .forEach(snippet -> shell.drop((PersistentSnippet) snippet));
        }
        return asExpected;
    }
}
