package dev.course.lessons;

import java.util.List;
import java.util.Optional;

/**
 * A parsed lesson: its front matter and its blocks in reading order.
 *
 * @param slug       the URL name, from the file name without its order prefix ({@code vectors-and-similarity})
 * @param sourceName the file the lesson came from, relative to the content root, for error messages
 * @param meta       the front matter
 * @param blocks     prose, callouts, cells and exercises in order
 * @param markdown   the lesson file's text as written, for readers that cut it into sections themselves (the
 *                   course search uses the engine's {@code MarkdownSections}, with the page's anchors)
 */
public record Lesson(String slug, String sourceName, LessonMeta meta, List<Block> blocks, String markdown) {

    public Lesson {
        blocks = List.copyOf(blocks);
    }

    /** The cells of this lesson in order (exercises excluded). */
    public List<Block.Cell> cells() {
        return blocks.stream().filter(Block.Cell.class::isInstance).map(Block.Cell.class::cast).toList();
    }

    /** The exercises of this lesson in order. */
    public List<Block.Exercise> exercises() {
        return blocks.stream().filter(Block.Exercise.class::isInstance).map(Block.Exercise.class::cast).toList();
    }

    public Optional<Block.Exercise> exercise(String id) {
        return exercises().stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** The concept checks of this lesson in order. */
    public List<ConceptCheck> conceptChecks() {
        return blocks.stream().filter(ConceptCheck.class::isInstance).map(ConceptCheck.class::cast).toList();
    }

    public Optional<ConceptCheck> conceptCheck(String id) {
        return conceptChecks().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public Optional<Block.Cell> cell(String id) {
        return cells().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    /** The folder of the lesson file within the content root ({@code foundations}), where its figures live. */
    public String folder() {
        int slash = sourceName.lastIndexOf('/');
        return slash < 0 ? "" : sourceName.substring(0, slash);
    }
}
