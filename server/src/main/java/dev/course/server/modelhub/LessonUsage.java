package dev.course.server.modelhub;

import dev.course.lessons.Block;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;

import java.util.List;

/**
 * Which lessons use which model, read from the lessons themselves: a lesson uses a model when one
 * of its cells or exercises calls the API that loads it. So {@code models list} cannot drift from
 * the content: a lesson that starts using the cross-encoder shows up on the next run.
 */
public final class LessonUsage {

    /** The calls that load all-MiniLM-L6-v2. */
    public static final List<String> MINILM = List.of("EmbeddingModel.miniLm(", "ModelSpec.ALL_MINILM_L6_V2");
    /** The calls that load bge-small-en-v1.5. */
    public static final List<String> BGE = List.of("EmbeddingModel.bgeSmall(", "ModelSpec.BGE_SMALL_EN_V15_Q");
    /** The calls that load the course's trained model. */
    public static final List<String> TRAINED = List.of("TrainedModels.");
    /** The calls that load a cross-encoder. */
    public static final List<String> CROSS_ENCODER = List.of("CrossEncoderReranker.load(");
    /** The calls that load a GGUF language model from a file. */
    public static final List<String> GENERATOR = List.of("LocalModel.load(", "Generators.");

    private final Course course;

    public LessonUsage(Course course) {
        this.course = course;
    }

    /** The lessons ({@code track/slug}) whose code contains any of {@code calls}. */
    public List<String> using(List<String> calls) {
        if (calls.isEmpty()) {
            return List.of();
        }
        return course.lessons().stream().filter(lesson -> uses(lesson, calls))
                .map(lesson -> lesson.meta().track() + "/" + lesson.slug()).toList();
    }

    private static boolean uses(Lesson lesson, List<String> calls) {
        for (Block block : lesson.blocks()) {
            String code = switch (block) {
                case Block.Cell cell -> cell.source();
                case Block.Exercise exercise -> exercise.starter() + "\n" + exercise.solution();
                default -> "";
            };
            if (calls.stream().anyMatch(code::contains)) {
                return true;
            }
        }
        return false;
    }
}
