package dev.course.lessons;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConceptCheckTest {

    private static final String FRONT = """
            ---
            title: T
            track: foundations
            order: 2
            summary: S
            ---
            Some prose.

            """;

    private static final String CHOICE = """
            ::: check right-angle
            What is the cosine of two vectors at a right angle?

            - [ ] 1
              No: 1 means the same direction.
            - [x] 0
              Yes: their dot product is 0,
              whatever their lengths.
            - [ ] -1
              No: that is opposite directions.
            :::
            """;

    private static final String NUMERIC = """
            ::: check rrf
            The RRF score of rank 2 in both lists, k = 60?

            = 0.0323 ± 0.0001
              1/62 + 1/62.
            :::
            """;

    private static Lesson parse(String body) {
        return LessonParser.parse("foundations/02-t.md", FRONT + body);
    }

    @Test
    void readsAChoiceWithAnExplanationPerOptionInReadingOrder() {
        Lesson lesson = parse(CHOICE + "\nMore prose.\n");
        ConceptCheck check = lesson.conceptCheck("right-angle").orElseThrow();
        assertInstanceOf(ConceptCheck.class, lesson.blocks().get(1), "the check sits where it was written");
        assertEquals("What is the cosine of two vectors at a right angle?", check.question());
        ConceptCheck.Choice choice = assertInstanceOf(ConceptCheck.Choice.class, check.answer());
        assertEquals(List.of("1", "0", "-1"), choice.options().stream().map(ConceptCheck.Option::text).toList());
        assertEquals(1, choice.correctIndex());
        assertEquals("Yes: their dot product is 0,\nwhatever their lengths.", choice.options().get(1).explanation());
        assertEquals(9, check.line());
        assertInstanceOf(Block.Prose.class, lesson.blocks().get(2));
    }

    @Test
    void judgesOptionsByIndexAndNumbersWithinTheTolerance() {
        ConceptCheck choice = parse(CHOICE).conceptChecks().getFirst();
        assertTrue(choice.judge("1").correct());
        assertFalse(choice.judge("0").correct());
        assertEquals("2", choice.judge(" 2 ").answer());
        assertThrows(IllegalArgumentException.class, () -> choice.judge("3"), "only the options there are");
        assertThrows(IllegalArgumentException.class, () -> choice.judge("-1"));
        assertThrows(IllegalArgumentException.class, () -> choice.judge("0; DROP TABLE learner"));

        ConceptCheck numeric = parse(NUMERIC).conceptChecks().getFirst();
        assertEquals(new ConceptCheck.Numeric(0.0323, 0.0001, "1/62 + 1/62."), numeric.answer());
        assertTrue(numeric.judge("0.0323").correct());
        assertTrue(numeric.judge("0,0324").correct(), "a decimal comma reads as a point");
        assertTrue(numeric.judge(".0322").correct());
        assertFalse(numeric.judge("0.0328").correct());
        assertEquals("0.0328", numeric.judge("0.03280").answer());
        assertThrows(IllegalArgumentException.class, () -> numeric.judge("NaN"));
        assertThrows(IllegalArgumentException.class, () -> numeric.judge("1e999"));
        assertThrows(IllegalArgumentException.class, () -> numeric.judge("about 3"));
        assertThrows(IllegalArgumentException.class, () -> numeric.judge("1".repeat(41)));
    }

    @Test
    void malformedChecksFailWithTheirFileAndLine() {
        assertProblem(CHOICE.replace("- [x] 0", "- [ ] 0"), 9, "exactly one option is right");
        assertProblem(CHOICE.replace("- [ ] 1", "- [x] 1"), 9, "exactly one option is right");
        assertProblem(CHOICE.replace("  No: that is opposite directions.\n", ""), 17, "needs an explanation");
        assertProblem(CHOICE.replace("What is the cosine of two vectors at a right angle?\n", ""), 9, "has no question");
        assertProblem(CHOICE.replace("  No: 1 means", "No: 1 means"), 12, "needs an explanation");
        assertProblem(CHOICE.replace(":::\n", ""), 9, "never closed");
        assertProblem(CHOICE.replace(":::\n", "Stray line.\n:::\n"), 19, "after the question come options");
        assertProblem(CHOICE.replace("check right-angle", "check Right_Angle"), 9, "lower-case letters");
        assertProblem(NUMERIC.replace("0.0323 ±", "zero ±"), 12, "is not a number");
        assertProblem(NUMERIC + "\n" + NUMERIC, 16, "already used");
        assertProblem("::: check lonely\n- [ ] a\n  b\n- [x] c\n  d\n:::\n", 9, "has no question");
        assertProblem("::: check one\nQ?\n\n- [x] only\n  yes\n:::\n", 9, "2 to 6 options");
        String five = String.join("\n", List.of(1, 2, 3, 4, 5).stream().map(n -> NUMERIC.replace("check rrf", "check rrf-" + n)).toList());
        assertProblem(five, 9 + 4 * 7, "at most 4 concept checks");
    }

    @Test
    void theNotebookShowsTheQuestionAndFoldsTheAnswerAway() {
        String cell = NotebookExporter.conceptCheck(parse(CHOICE).conceptChecks().getFirst());
        int details = cell.indexOf("<details><summary>Answer</summary>");
        assertTrue(details > 0, cell);
        assertTrue(cell.indexOf("- **B.** 0") < details, "the options come before the fold: " + cell);
        assertTrue(cell.indexOf("**B** is right.") > details, "the answer is inside the fold: " + cell);
        assertTrue(cell.indexOf("whatever their lengths.") > details, "and every explanation: " + cell);
        assertTrue(cell.strip().endsWith("</details>"), cell);

        String numeric = NotebookExporter.conceptCheck(parse(NUMERIC).conceptChecks().getFirst());
        assertTrue(numeric.indexOf("**0.0323 ± 0.0001**. 1/62 + 1/62.") > numeric.indexOf("<details>"), numeric);
    }

    @Test
    void everyLessonOfTheCourseHasTwoToFourChecksEachWithAnExplanationPerAnswer() {
        Course course = CourseLoader.fromClasspath();
        for (Lesson lesson : course.lessons()) {
            List<ConceptCheck> checks = lesson.conceptChecks();
            assertTrue(checks.size() >= 2 && checks.size() <= LessonParser.MAX_CHECKS,
                    lesson.sourceName() + " has " + checks.size() + " concept checks; give every lesson 2 to 4");
            for (ConceptCheck check : checks) {
                if (check.answer() instanceof ConceptCheck.Choice choice) {
                    assertEquals(choice.options().size(), choice.options().stream().map(ConceptCheck.Option::text).distinct().count(),
                            lesson.sourceName() + ":" + check.line() + ": two options read the same");
                }
            }
        }
    }

    private static void assertProblem(String body, int line, String words) {
        LessonFormatException e = assertThrows(LessonFormatException.class, () -> parse(body));
        assertEquals("foundations/02-t.md", e.file());
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.problem().contains(words), e.getMessage());
    }
}
