package dev.course.server.progress;

import java.util.Map;

/**
 * One learner's state in one lesson.
 *
 * @param code      cell id to the learner's code, for cells they changed
 * @param runs      cell id to how often it was run
 * @param exercises exercise id to its latest result
 * @param checks    concept check id to the learner's answers
 */
public record LessonProgress(Map<String, String> code, Map<String, Integer> runs, Map<String, ExerciseResult> exercises,
                             Map<String, CheckAnswer> checks) {

    public LessonProgress {
        code = Map.copyOf(code);
        runs = Map.copyOf(runs);
        exercises = Map.copyOf(exercises);
        checks = Map.copyOf(checks);
    }

    /** Nothing stored yet. */
    public static LessonProgress empty() {
        return new LessonProgress(Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * @param answer       the latest answer: an option's index, or a number
     * @param correct      whether the latest answer is right
     * @param firstCorrect whether the first answer was right
     * @param attempts     how often the learner answered
     */
    public record CheckAnswer(String answer, boolean correct, boolean firstCorrect, int attempts) {
    }

    /**
     * @param passed       whether the exercise has ever passed
     * @param checksPassed checks passing at the latest attempt
     * @param checksTotal  checks at the latest attempt
     * @param attempts     how often it was checked
     */
    public record ExerciseResult(boolean passed, int checksPassed, int checksTotal, int attempts) {
    }
}
