package dev.course.server.search;

import dev.course.engine.chunk.Document;
import dev.course.lessons.Block;
import dev.course.lessons.Course;
import dev.course.lessons.Lesson;
import dev.course.lessons.MarkdownRenderer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cuts the course into sections, one search document each, so that a hit can link to the exact
 * place in a lesson ({@code /learn/track/slug#heading-id}).
 *
 * <p>Sections are found in the rendered HTML, where the heading ids are the very ids the page
 * uses; their text is the prose without markup, plus the code of the cells in them (so a search
 * for {@code normalise(} finds the cell too).
 */
final class LessonSections {

    private static final Pattern HEADING = Pattern.compile("<h([23])[^>]*?>(.*?)</h\\1>", Pattern.DOTALL);
    private static final Pattern ID = Pattern.compile("id=\"([^\"]+)\"");
    private static final Pattern TAG = Pattern.compile("<[^>]+>");

    private LessonSections() {
    }

    /**
     * One document per section of every lesson: id {@code track/slug#anchor} ({@code #} alone for the
     * lesson's opening), title "Lesson › Heading", source the section's URL.
     */
    static List<Document> of(Course course, MarkdownRenderer markdown) {
        List<Document> documents = new ArrayList<>();
        for (Lesson lesson : course.lessons()) {
            documents.addAll(of(lesson, markdown));
        }
        return documents;
    }

    static List<Document> of(Lesson lesson, MarkdownRenderer markdown) {
        StringBuilder html = new StringBuilder();
        for (Block block : lesson.blocks()) {
            switch (block) {
                case Block.Prose prose -> html.append(markdown.render(prose.markdown(), "/"));
                case Block.Callout callout -> html.append(markdown.render(callout.markdown(), "/"));
                // Setup cells are hidden on the page, so search does not show them either.
                case Block.Cell cell when cell.role() == dev.course.lessons.CellRole.SETUP -> {
                }
                case Block.Cell cell -> html.append("<pre>").append(dev.course.lessons.Html.escape(cell.source())).append("</pre>");
                case Block.Exercise exercise -> html.append(markdown.render(exercise.task(), "/"));
                // Concept checks stay out of search: their explanations are the answers (a hit would
                // spoil the question), and the lesson's prose teaches the same thing.
                case dev.course.lessons.ConceptCheck check -> {
                }
            }
        }
        String path = lesson.meta().track() + "/" + lesson.slug();
        String url = "/learn/" + path;
        List<Document> sections = new ArrayList<>();
        Matcher heading = HEADING.matcher(html);
        int start = 0;
        String anchor = "";
        String title = lesson.meta().title();
        while (heading.find()) {
            add(sections, path, url, anchor, title, html.substring(start, heading.start()), lesson.meta().summary());
            Matcher id = ID.matcher(heading.group(0));
            anchor = id.find() ? id.group(1) : "";
            title = lesson.meta().title() + " › " + text(heading.group(2)).replace("#", "").strip();
            start = heading.end();
        }
        add(sections, path, url, anchor, title, html.substring(start), lesson.meta().summary());
        return sections;
    }

    private static void add(List<Document> sections, String path, String url, String anchor, String title, String html,
                            String summary) {
        String text = text(html);
        if (anchor.isEmpty()) {
            text = summary + "\n" + text; // the lesson's opening also carries its summary
        }
        if (text.isBlank()) {
            return;
        }
        sections.add(new Document(path + "#" + anchor, title, text.strip(), url + (anchor.isEmpty() ? "" : "#" + anchor)));
    }

    /** The text of some HTML: tags dropped, the few entities Flexmark writes decoded, blank lines folded. */
    static String text(String html) {
        String text = TAG.matcher(html.replace("</p>", "\n").replace("<br>", "\n").replace("</li>", "\n")).replaceAll("");
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&amp;", "&");
        return text.replaceAll("[ \\t]+", " ").replaceAll("\\n\\s*\\n+", "\n");
    }
}
