package dev.course.lessons;

import java.util.List;

/**
 * One piece of a lesson, in reading order. A lesson is prose interleaved with cells; an exercise
 * groups the task, the learner's cell and its hidden checks; a callout is a boxed aside; a
 * {@link ConceptCheck} is a question on what the lesson taught.
 */
public sealed interface Block permits Block.Prose, Block.Callout, Block.Cell, Block.Exercise, ConceptCheck {

    /** The line of the lesson file where this block starts (1-based), for error messages. */
    int line();

    /** Markdown prose: headings, paragraphs, figures, math, lists, tables. */
    record Prose(String markdown, int line) implements Block {
    }

    /**
     * A boxed aside written as {@code > [!NOTE]}, {@code > [!TIP]} or {@code > [!WARNING]}.
     *
     * @param kind     note, tip or warning
     * @param markdown the aside's body
     */
    record Callout(String kind, String markdown, int line) implements Block {
    }

    /**
     * A Java cell.
     *
     * @param id     stable id within the lesson ({@code c1}, {@code c2}, …), used by the page and progress
     * @param role   how the page treats it
     * @param source       the Java code
     * @param expectations what the prose says the cell prints, checked by the every-lesson tests
     *                     (an {@code expect} block right after the cell; often none)
     */
    record Cell(String id, CellRole role, String source, List<Expectation> expectations, int line) implements Block {
        public Cell {
            expectations = List.copyOf(expectations);
        }
    }

    /**
     * A checked exercise: the task, the cell the learner edits, the hidden JUnit 5 checks that judge
     * it, an optional hint and a solution the learner may reveal.
     *
     * @param id       the exercise id, unique in the lesson
     * @param task     Markdown: what to do, in one or two sentences
     * @param starter  the code the learner starts from (must compile)
     * @param checks   JUnit 5 test methods (the body of a test class) run in the kernel against the learner's code
     * @param solution a correct answer
     * @param hint     Markdown, may be empty
     * @param alternatives other correct answers, never shown: written as a learner would who uses what
     *                     earlier lessons taught, so that the every-lesson tests prove such answers pass
     */
    record Exercise(String id, String task, String starter, String checks, String solution, String hint,
                    List<String> alternatives, int line) implements Block {
        public Exercise {
            alternatives = List.copyOf(alternatives);
        }
    }
}
