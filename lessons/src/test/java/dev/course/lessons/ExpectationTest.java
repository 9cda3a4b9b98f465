package dev.course.lessons;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExpectationTest {

    private static final String FRONT = """
            ---
            title: T
            track: transformers
            order: 2
            summary: S
            ---
            """;

    /** The attention lesson's claim, as a lesson would write it, and two outputs: one true, one not. */
    private static final String LESSON = FRONT + """
            The best head puts most of its weight on the previous token, far above an even spread.

            ```java
            report(bestHead)
            ```

            ```expect
            number /previous token: ([0-9.]+)/ in [0.4, 1]
            compare /previous token: ([0-9.]+)/ > /even spread: ([0-9.]+)/
            prints layer 1, head 2
            matches /heads? \\d+ of \\d+/
            ```

            Text after.
            """;

    @Test
    void aCellCarriesTheExpectationsOfTheBlockAfterIt() {
        Lesson lesson = LessonParser.parse("transformers/02-attention.md", LESSON);
        Block.Cell cell = lesson.cells().getFirst();
        assertEquals(4, cell.expectations().size());
        assertInstanceOf(Expectation.NumberIn.class, cell.expectations().get(0));
        assertInstanceOf(Expectation.Compare.class, cell.expectations().get(1));
        assertEquals(14, cell.expectations().get(0).line(), "the line of the expectation in the file");
        assertTrue(lesson.blocks().stream().noneMatch(b -> b instanceof Block.Prose p && p.markdown().contains("expect")),
                "the expect block is not prose: it never reaches the page");
    }

    @Test
    void theRealOutputAgreesWithTheProse() {
        Block.Cell cell = LessonParser.parse("transformers/02-attention.md", LESSON).cells().getFirst();
        String output = "layer 1, head 2 (head 6 of 12): previous token: 0.60, even spread: 0.12\n";
        assertEquals(List.of(), Expectation.disagreements("transformers/02-attention.md", cell.expectations(), output));
    }

    @Test
    void aSentenceTheOutputContradictsFailsWithFileLineAndWhatWasPrinted() {
        Block.Cell cell = LessonParser.parse("transformers/02-attention.md", LESSON).cells().getFirst();
        String output = "layer 0, head 1 (head 2 of 12): previous token: 0.09, even spread: 0.11\n";
        List<String> problems = Expectation.disagreements("transformers/02-attention.md", cell.expectations(), output);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("transformers/02-attention.md:14: the lesson expects 'number /previous token: ([0-9.]+)/ in [0.4, 1]', but the cell printed 0.09"),
                problems.get(0));
        assertTrue(problems.get(1).contains("0.09 and 0.11, so not 0.09 > 0.11"), problems.get(1));
        assertTrue(problems.get(2).contains("does not contain \"layer 1, head 2\""), problems.get(2));
        assertTrue(problems.get(0).contains("The cell printed: layer 0, head 1"), "the output is quoted: " + problems.get(0));
    }

    @Test
    void numbersWithSeparatorsAndPercentagesAreRead() {
        Expectation qps = Expectation.parse("number /at 80 candidates: ([0-9,]+) QPS/ in [1000, 1e9]", 1);
        assertTrue(qps.disagreement("at 80 candidates: 4,869 QPS").isEmpty());
        Expectation share = Expectation.parse("number /recall ([0-9.]+%)/ in [90, 100]", 1);
        assertTrue(share.disagreement("recall 97.5%").isEmpty());
        assertTrue(share.disagreement("recall 85%").isPresent());
    }

    @Test
    void aSlashInsideAPatternIsEscaped() {
        Expectation ratio = Expectation.parse("matches /1\\/62 \\+ 1\\/62/", 1);
        assertTrue(ratio.disagreement("1/62 + 1/62 = 0.0323").isEmpty());
    }

    @Test
    void malformedExpectationsFailTheBuildWithTheirLine() {
        String noGroup = FRONT + "```java\n1\n```\n```expect\nnumber /previous token/ in [0.4, 1]\n```\n";
        LessonFormatException e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("t/02-x.md", noGroup));
        assertTrue(e.getMessage().contains("t/02-x.md:11:") && e.getMessage().contains("needs a group"), e.getMessage());

        String unknown = FRONT + "```java\n1\n```\n```expect\nroughly 3\n```\n";
        e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("t/02-x.md", unknown));
        assertTrue(e.getMessage().contains("unknown expectation 'roughly'"), e.getMessage());

        String alone = FRONT + "Prose.\n\n```expect\nprints 1\n```\n";
        e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("t/02-x.md", alone));
        assertTrue(e.getMessage().contains("belongs right after the ```java cell"), e.getMessage());

        String emptyRange = FRONT + "```java\n1\n```\n```expect\nnumber /x ([0-9]+)/ in [2, 1]\n```\n";
        e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("t/02-x.md", emptyRange));
        assertTrue(e.getMessage().contains("is empty"), e.getMessage());
    }

    @Test
    void theNotebookKeepsTheExpectationsInTheCellMetadata() throws Exception {
        Lesson lesson = LessonParser.parse("transformers/02-attention.md", LESSON);
        com.fasterxml.jackson.databind.JsonNode notebook = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(new NotebookExporter(path -> null).export(lesson));
        assertEquals("transformers/02-attention.md", notebook.at("/metadata/course/lesson").asText());
        com.fasterxml.jackson.databind.JsonNode code = java.util.stream.StreamSupport.stream(notebook.get("cells").spliterator(), false)
                .filter(c -> c.get("cell_type").asText().equals("code")).findFirst().orElseThrow();
        assertEquals(14, code.at("/metadata/course/expect/0/line").asInt());
        assertEquals("number /previous token: ([0-9.]+)/ in [0.4, 1]", code.at("/metadata/course/expect/0/expect").asText());
    }
}
