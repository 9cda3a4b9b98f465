package dev.course.server.progress;

import java.util.Map;

/**
 * One learner's state in one lesson.
 *
 * @param code      cell id to the learner's code, for cells they changed
 * @param runs      cell id to how often it was run
 * @param exercises exercise id to its latest result
 */
public record LessonProgress(Map<String, String> code, Map<String, Integer> runs, Map<String, ExerciseResult> exercises) {

    public LessonProgress {
        code = Map.copyOf(code);
        runs = Map.copyOf(runs);
        exercises = Map.copyOf(exercises);
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
