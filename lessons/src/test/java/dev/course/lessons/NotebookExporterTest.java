package dev.course.lessons;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NotebookExporterTest {

    @Test
    void exportsTheFirstLessonAsNbformat4WithOurKernel() throws Exception {
        Course course = CourseLoader.fromClasspath();
        Lesson lesson = course.lesson("foundations", "vectors-and-similarity").orElseThrow();
        NotebookExporter exporter = new NotebookExporter(path -> {
            try (var in = getClass().getClassLoader().getResourceAsStream(CourseLoader.CLASSPATH_ROOT + path)) {
                return in == null ? null : in.readAllBytes();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        JsonNode notebook = new ObjectMapper().readTree(exporter.export(lesson));

        assertEquals(4, notebook.get("nbformat").asInt());
        assertEquals("course-java", notebook.at("/metadata/kernelspec/name").asText());
        List<JsonNode> cells = new ArrayList<>();
        notebook.get("cells").forEach(cells::add);
        long code = cells.stream().filter(c -> c.get("cell_type").asText().equals("code")).count();
        assertEquals(lesson.cells().size() + 2L * lesson.exercises().size(), code, "cells + starter + check per exercise");
        JsonNode check = cells.stream().filter(c -> c.at("/metadata/tags/0").asText().equals("check")).findFirst().orElseThrow();
        String checkSource = join(check.get("source"));
        assertTrue(checkSource.contains("class Checks_cosine"), checkSource);
        assertTrue(checkSource.contains("import dev.course.kernel.exercise.Checks;"), checkSource);
        assertTrue(checkSource.contains("\nChecks.run(\"cosine\", Checks_cosine.class)"), checkSource);
        for (Block.Exercise exercise : lesson.exercises()) {
            List<String> marked = cells.stream().filter(c -> c.at("/metadata/course/exercise").asText().equals(exercise.id()))
                    .map(c -> c.at("/metadata/tags/0").asText()).toList();
            assertEquals(List.of("exercise", "check"), marked, "the starter and the check name their exercise: " + exercise.id());
        }
        JsonNode figure = cells.stream().filter(c -> c.has("attachments")).findFirst().orElseThrow();
        String svg = new String(java.util.Base64.getDecoder().decode(
                figure.at("/attachments/angle-between-vectors.svg/image~1svg+xml").asText()), StandardCharsets.UTF_8);
        assertTrue(svg.contains("<svg"), "figures are embedded as attachments");
        assertTrue(join(figure.get("source")).contains("(attachment:angle-between-vectors.svg"));
        List<JsonNode> checks = cells.stream().filter(c -> c.get("id").asText().endsWith("-check")
                && c.get("cell_type").asText().equals("markdown")).toList();
        assertEquals(lesson.conceptChecks().size(), checks.size(), "one Markdown cell per concept check");
        assertTrue(join(checks.getFirst().get("source")).contains("<details><summary>Answer</summary>"));
    }

    @Test
    void leavesOutTheSolutionsItIsToldToHide() {
        Course course = CourseLoader.fromClasspath();
        Lesson lesson = course.lesson("foundations", "vectors-and-similarity").orElseThrow();
        NotebookExporter exporter = new NotebookExporter(path -> null);

        String withSolutions = exporter.export(lesson);
        String hidden = exporter.export(lesson, exercise -> false);

        assertTrue(withSolutions.contains("<summary>Solution</summary>"), "every solution by default");
        assertFalse(hidden.contains("<summary>Solution</summary>"), "a workshop's unrevealed solution stays out");
        assertTrue(hidden.contains("class Checks_cosine"), "the exercise and its checks stay in");
    }

    private static String join(JsonNode lines) {
        StringBuilder text = new StringBuilder();
        lines.forEach(line -> text.append(line.asText()));
        return text.toString();
    }
}
