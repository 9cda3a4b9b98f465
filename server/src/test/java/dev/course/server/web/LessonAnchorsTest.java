package dev.course.server.web;

import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.corpus.MarkdownSections;
import dev.course.lessons.Course;
import dev.course.lessons.CourseLoader;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The corpus layer (search, RAG citations, the course search) links to {@code /learn/track/slug#anchor};
 * these tests hold its anchor rule to the one the rendered page uses.
 */
class LessonAnchorsTest {

    /** A section heading with the id Flexmark gives it (on the heading's anchor link, inside the heading). */
    private static final Pattern SECTION_HEADING_ID = Pattern.compile("<h([2-4])[^>]*>(?:(?!</h\\1>).)*?\\sid=\"([^\"]+)\"", Pattern.DOTALL);
    private static final Pattern ANY_ID = Pattern.compile("\\sid=\"([^\"]+)\"");

    @Test
    void everySectionAnchorOfEveryLessonIsAnIdOnItsRenderedPage() {
        Course course = CourseLoader.fromClasspath();
        MarkdownRenderer markdown = new MarkdownRenderer();
        var problems = new ArrayList<String>();
        int anchors = 0;
        for (Lesson lesson : course.lessons()) {
            String page = LessonPage.render(course, lesson, markdown, relative -> null, Map.of());
            Set<String> ids = ids(ANY_ID, page);
            var file = new LessonsCorpus.LessonFile(lesson.sourceName(), lesson.markdown());
            List<String> sectionAnchors = file.page().sections().stream().map(MarkdownSections.Section::anchor)
                    .filter(a -> !a.isEmpty()).toList();
            for (String anchor : sectionAnchors) {
                anchors++;
                if (!ids.contains(anchor)) {
                    problems.add(lesson.sourceName() + ": #" + anchor + " is not an id on the page");
                }
            }
            // and the other way: every heading of the page is a section the corpus can link to
            assertEquals(ids(SECTION_HEADING_ID, page), new LinkedHashSet<>(sectionAnchors), lesson.sourceName());
            assertEquals(LessonPage.url(lesson), "/learn/" + file.path(), "the corpus's URL is the page's");
        }
        assertTrue(problems.isEmpty(), String.join("\n", problems));
        assertTrue(anchors > 150, "every lesson's headings were checked: " + anchors);
    }

    @Test
    void theAnchorRuleIsTheRenderersOnHeadingsTheLessonsDoNotHaveYet() {
        String markdown = """
                ## snake_case and `code()`

                ## Read [the docs](https://example.org) *now*, or **later**

                ## The course's numbers: 0.77 (measured)

                ## Kneading

                ## Kneading

                ### Über-große Zahlen
                """;
        String html = new MarkdownRenderer().render(markdown, "/");
        List<String> page = List.copyOf(ids(SECTION_HEADING_ID, html));
        List<String> corpus = MarkdownSections.read(markdown).sections().stream().map(MarkdownSections.Section::anchor)
                .filter(a -> !a.isEmpty()).toList();
        assertEquals(page, corpus);
    }

    private static Set<String> ids(Pattern pattern, String html) {
        Set<String> ids = new LinkedHashSet<>();
        Matcher m = pattern.matcher(html);
        while (m.find()) {
            ids.add(m.group(m.groupCount()));
        }
        return ids;
    }
}
