package dev.course.lessons;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LessonParserTest {

    private static final String FRONT = """
            ---
            title: T
            track: foundations
            order: 2
            summary: S
            ---
            """;

    @Test
    void readsFrontMatterProseCellsCalloutsAndExercises() {
        Lesson lesson = LessonParser.parse("foundations/02-some-lesson.md", FRONT + """
                Intro with `code` and $x_i$.

                ```java setup
                int base = 1;
                ```

                ```java
                base + 1
                ```

                > [!TIP]
                > Try it.

                ```json
                {"not": "a cell"}
                ```

                ::: exercise add-one
                Write `addOne`.

                ```java
                int addOne(int x) { return 0; }
                ```

                ```java solution
                int addOne(int x) { return x + 1; }
                ```

                ```java check
                @Test void adds() { assertEquals(3, addOne(2)); }
                ```

                ```hint
                Add one.
                ```
                :::
                """);

        assertEquals("some-lesson", lesson.slug());
        assertEquals(new LessonMeta("T", "foundations", 2, "S"), lesson.meta());
        assertEquals(2, lesson.cells().size());
        assertEquals(CellRole.SETUP, lesson.cells().get(0).role());
        assertEquals("c2", lesson.cells().get(1).id());
        assertEquals("base + 1", lesson.cells().get(1).source());
        assertEquals(13, lesson.cells().get(1).line());
        Block.Callout callout = lesson.blocks().stream().filter(Block.Callout.class::isInstance)
                .map(Block.Callout.class::cast).findFirst().orElseThrow();
        assertEquals("tip", callout.kind());
        assertTrue(lesson.blocks().stream().anyMatch(b -> b instanceof Block.Prose p && p.markdown().contains("\"not\"")),
                "a non-Java fence stays prose");
        Block.Exercise exercise = lesson.exercise("add-one").orElseThrow();
        assertEquals("Write `addOne`.", exercise.task());
        assertTrue(exercise.checks().contains("assertEquals(3, addOne(2))"));
        assertEquals("Add one.", exercise.hint());
        assertInstanceOf(Block.Exercise.class, lesson.blocks().getLast());
    }

    @Test
    void reportsTheLineOfAnUnclosedFence() {
        var e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", FRONT + """
                text

                ```java
                int x = 1;
                """));
        assertEquals(9, e.line());
        assertTrue(e.getMessage().startsWith("x/01-a.md:9: "), e.getMessage());
        assertTrue(e.problem().contains("never closed"));
    }

    @Test
    void reportsAnExerciseWithoutChecks() {
        var e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", FRONT + """
                ::: exercise e1
                Do it.
                ```java
                int f() { return 1; }
                ```
                ```java solution
                int f() { return 2; }
                ```
                :::
                """));
        assertEquals(7, e.line());
        assertTrue(e.problem().contains("no ```java check"), e.problem());
    }

    @Test
    void reportsUnknownCellKindsAndFrontMatterKeys() {
        var kind = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", FRONT + """
                ```java hidden
                1
                ```
                """));
        assertEquals(7, kind.line());
        assertTrue(kind.problem().contains("unknown cell kind 'hidden'"));

        var key = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", """
                ---
                title: T
                track: t
                ordr: 1
                summary: S
                ---
                """));
        assertEquals(4, key.line());
        assertTrue(key.problem().contains("unknown front matter key 'ordr'"), key.problem());
    }

    @Test
    void requiresFrontMatter() {
        var e = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", "# Just a title\n"));
        assertEquals(1, e.line());
    }

    @Test
    void rejectsCheckOutsideAnExerciseAndStrayContainerEnds() {
        var check = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", FRONT + """
                ```java check
                @Test void t() {}
                ```
                """));
        assertTrue(check.problem().contains("inside a '::: exercise ID'"));
        var stray = assertThrows(LessonFormatException.class, () -> LessonParser.parse("x/01-a.md", FRONT + "text\n:::\n"));
        assertEquals(8, stray.line());
    }
}
