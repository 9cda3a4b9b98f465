package dev.course.server.web;

import dev.course.lessons.ConceptCheck;
import dev.course.lessons.Course;
import dev.course.lessons.CourseLoader;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The lesson page asks every concept check and gives none of them away. */
class ConceptCheckViewTest {

    private static final Pattern RADIO_ID = Pattern.compile("<input type=\"radio\" name=\"answer\" value=\"\\d+\" id=\"([^\"]+)\">");

    @Test
    void everyPageAsksItsChecksWithLabelledInputsAndHoldsNoAnswer() {
        Course course = CourseLoader.fromClasspath();
        MarkdownRenderer markdown = new MarkdownRenderer();
        for (Lesson lesson : course.lessons()) {
            String page = LessonPage.render(course, lesson, markdown, relative -> null, Map.of());
            assertTrue(page.contains(ConceptCheckView.SCRIPT), lesson.sourceName() + " loads checks.js");
            for (ConceptCheck check : lesson.conceptChecks()) {
                String where = lesson.sourceName() + ":" + check.line() + " check " + check.id();
                int start = page.indexOf("data-check=\"" + check.id() + "\"");
                assertTrue(start > 0, where + " is on the page");
                String section = page.substring(start, page.indexOf("</section>", start));
                switch (check.answer()) {
                    case ConceptCheck.Choice choice -> {
                        Matcher radios = RADIO_ID.matcher(section);
                        int count = 0;
                        while (radios.find()) {
                            count++;
                            assertTrue(section.contains("<label for=\"" + radios.group(1) + "\">"), where + ": a label for every option");
                        }
                        assertEquals(choice.options().size(), count, where);
                        for (ConceptCheck.Option option : choice.options()) {
                            assertFalse(page.contains(markdown.render(option.explanation(), "/").strip()), where + ": an explanation leaked");
                        }
                        assertFalse(section.contains("[x]") || section.contains("checked") || section.contains("data-verdict"), where + ": the right option is marked");
                    }
                    case ConceptCheck.Numeric numeric -> {
                        assertTrue(section.contains("inputmode=\"decimal\""), where);
                        assertFalse(page.contains(markdown.render(numeric.explanation(), "/").strip()), where + ": the explanation leaked");
                    }
                }
            }
        }
    }
}
