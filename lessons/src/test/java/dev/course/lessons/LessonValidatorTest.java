package dev.course.lessons;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LessonValidatorTest {

    @Test
    void theShippedCourseIsValid() {
        Path content = Path.of(System.getProperty("course.root", "..")).resolve("lessons/content");
        assertEquals(List.of(), LessonValidator.problems(content));
    }

    @Test
    void reportsEveryProblemWithFileAndLine(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("course.yaml"), "title: C\ntracks:\n  - id: t\n    title: T\n    summary: S\n");
        Files.createDirectories(root.resolve("t"));
        String front = "---\ntitle: A\ntrack: t\norder: 1\nsummary: S\n---\n";
        Files.writeString(root.resolve("t/01-a.md"), front + "\n![missing](figures/none.svg)\n");
        Files.writeString(root.resolve("t/02-b.md"), front + "```java\nint x;\n");
        Files.writeString(root.resolve("t/03-c.md"), front.replace("track: t", "track: nope"));

        List<LessonFormatException> problems = LessonValidator.problems(root);

        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.getMessage().equals("t/02-b.md:7: this code block is never closed; end it with a line of ```")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.getMessage().startsWith("t/03-c.md:1: unknown track 'nope'")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.getMessage().startsWith("t/01-a.md:8: the figure 'figures/none.svg' does not exist")), problems.toString());
    }

    @Test
    void reportsDuplicateOrder(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("course.yaml"), "title: C\ntracks:\n  - id: t\n    title: T\n    summary: S\n");
        Files.createDirectories(root.resolve("t"));
        String front = "---\ntitle: A\ntrack: t\norder: 1\nsummary: S\n---\ntext\n";
        Files.writeString(root.resolve("t/a.md"), front);
        Files.writeString(root.resolve("t/b.md"), front);
        List<LessonFormatException> problems = LessonValidator.problems(root);
        assertEquals(1, problems.size());
        assertTrue(problems.getFirst().problem().contains("order 1 is already taken by t/a.md"));
    }

    @Test
    void theFolderAndTheOrderPrefixMustAgreeWithTheFrontMatter(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("course.yaml"), "title: C\ntracks:\n  - id: t\n    title: T\n    summary: S\n"
                + "  - id: u\n    title: U\n    summary: S\n");
        Files.createDirectories(root.resolve("t"));
        String front = "---\ntitle: A\ntrack: t\norder: 1\nsummary: S\n---\ntext\n";
        Files.writeString(root.resolve("t/01-a.md"), front);
        Files.writeString(root.resolve("t/03-b.md"), front.replace("order: 1", "order: 2"));
        Files.writeString(root.resolve("t/04-c.md"), front.replace("track: t", "track: u").replace("order: 1", "order: 4"));
        List<String> problems = LessonValidator.problems(root).stream().map(LessonFormatException::getMessage).sorted().toList();
        assertEquals(List.of(
                "t/03-b.md:4: the file name starts with 03- but its front matter says order: 2; rename the file or make the two agree",
                "t/04-c.md:3: the lesson is in the folder 't' but its front matter says track: u; move the file into u/ or make the two agree"),
                problems);
    }
}
