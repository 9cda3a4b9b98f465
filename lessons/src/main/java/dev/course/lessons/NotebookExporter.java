package dev.course.lessons;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;

/**
 * Exports a lesson as a Jupyter notebook (nbformat 4) for our Java kernel.
 *
 * <p>Prose becomes Markdown cells (Jupyter renders the {@code $…$} math itself); figures are
 * embedded as cell attachments so the notebook stands alone. Java cells become code cells; setup
 * cells are tagged and collapsed. An exercise becomes its task, the starter cell, a collapsed
 * check cell that runs the same hidden JUnit checks as the page's Check button (both cells tagged,
 * and named by the exercise's id in their {@code course.exercise} metadata), and the solution
 * folded in a {@code <details>} element. A concept check becomes a Markdown cell with its question and
 * options, the answer and explanations folded in a {@code <details>} element.
 */
public final class NotebookExporter {

    /** The kernelspec name that {@code ./course kernel install} writes. */
    public static final String KERNEL_NAME = "course-java";
    public static final String KERNEL_DISPLAY_NAME = "Java (course)";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Function<String, byte[]> figureReader;

    /**
     * @param figureReader reads a figure by its path relative to the content root
     *                     ({@code foundations/figures/dot.svg}); returns null if it is missing
     */
    public NotebookExporter(Function<String, byte[]> figureReader) {
        this.figureReader = figureReader;
    }

    /** The notebook as JSON text, with every exercise's solution. */
    public String export(Lesson lesson) {
        return export(lesson, exercise -> true);
    }

    /**
     * The notebook as JSON text, with the solutions of the exercises {@code solutionShown} accepts
     * (a workshop shows a solution only once the instructor reveals it).
     */
    public String export(Lesson lesson, java.util.function.Predicate<Block.Exercise> solutionShown) {
        ObjectNode notebook = JSON.createObjectNode();
        notebook.put("nbformat", 4);
        notebook.put("nbformat_minor", 5);
        ObjectNode metadata = notebook.putObject("metadata");
        ObjectNode kernelspec = metadata.putObject("kernelspec");
        kernelspec.put("name", KERNEL_NAME);
        kernelspec.put("display_name", KERNEL_DISPLAY_NAME);
        kernelspec.put("language", "java");
        ObjectNode languageInfo = metadata.putObject("language_info");
        languageInfo.put("name", "java");
        languageInfo.put("file_extension", ".jshell");
        languageInfo.put("mimetype", "text/x-java");
        metadata.put("title", lesson.meta().title());
        metadata.putObject("course").put("lesson", lesson.sourceName());

        ArrayNode cells = notebook.putArray("cells");
        markdown(cells, lesson, "# " + lesson.meta().title() + "\n\n*" + lesson.meta().summary() + "*\n", "title");
        int n = 0;
        for (Block block : lesson.blocks()) {
            String id = lesson.slug() + "-" + (++n);
            switch (block) {
                case Block.Prose prose -> markdown(cells, lesson, prose.markdown(), id);
                case Block.Callout callout -> markdown(cells, lesson,
                        "> **" + capitalise(callout.kind()) + ".** " + callout.markdown().strip().replace("\n", "\n> ") + "\n", id);
                case Block.Cell cell -> expect(code(cells, cell.source(), id, cell.role() == CellRole.SETUP,
                        cell.role() == CellRole.SETUP ? List.of("setup") : List.of()), cell.expectations());
                case Block.Exercise exercise -> exercise(cells, lesson, exercise, id, solutionShown.test(exercise));
                case ConceptCheck check -> markdown(cells, lesson, conceptCheck(check), id + "-check");
            }
        }
        try {
            return JSON.writeValueAsString(notebook) + "\n";
        } catch (Exception e) {
            throw new IllegalStateException("cannot write notebook for " + lesson.sourceName(), e);
        }
    }

    private void exercise(ArrayNode cells, Lesson lesson, Block.Exercise exercise, String id, boolean withSolution) {
        markdown(cells, lesson, "### Your turn\n\n" + exercise.task() + "\n", id + "-task");
        markExercise(code(cells, exercise.starter(), id + "-starter", false, List.of("exercise")), exercise);
        markExercise(code(cells, ExerciseProgram.source(exercise), id + "-check", true, List.of("check")), exercise);
        StringBuilder folded = new StringBuilder();
        if (!exercise.hint().isBlank()) {
            folded.append("<details><summary>Hint</summary>\n\n").append(exercise.hint().strip()).append("\n\n</details>\n\n");
        }
        if (withSolution) {
            folded.append("<details><summary>Solution</summary>\n\n```java\n").append(exercise.solution().strip())
                    .append("\n```\n\n</details>\n");
        }
        if (!folded.isEmpty()) {
            markdown(cells, lesson, folded.toString(), id + (withSolution ? "-solution" : "-hint"));
        }
    }

    /**
     * Names the exercise a starter or check cell belongs to ({@code course.exercise}), so that a tool
     * or a test finds an exercise's cells by its id, whatever else the lesson holds around them.
     */
    private static void markExercise(ObjectNode cell, Block.Exercise exercise) {
        ((ObjectNode) cell.get("metadata")).putObject("course").put("exercise", exercise.id());
    }

    /**
     * A concept check as one Markdown cell: the question and its options, then the right answer and
     * every explanation folded in a {@code <details>} element, to open after answering.
     */
    static String conceptCheck(ConceptCheck check) {
        StringBuilder text = new StringBuilder("**Check your understanding.** ").append(check.question().strip()).append("\n\n");
        StringBuilder answer = new StringBuilder("<details><summary>Answer</summary>\n\n");
        switch (check.answer()) {
            case ConceptCheck.Choice choice -> {
                for (int i = 0; i < choice.options().size(); i++) {
                    text.append("- **").append(letter(i)).append(".** ").append(choice.options().get(i).text()).append('\n');
                }
                answer.append("**").append(letter(choice.correctIndex())).append("** is right.\n\n");
                for (int i = 0; i < choice.options().size(); i++) {
                    answer.append("- **").append(letter(i)).append(".** ")
                            .append(choice.options().get(i).explanation().strip().replace("\n", "\n  ")).append('\n');
                }
            }
            case ConceptCheck.Numeric numeric -> {
                text.append("*Answer with a number.*\n");
                answer.append("**").append(numeric.display()).append("**. ").append(numeric.explanation().strip()).append('\n');
            }
        }
        return text.append('\n').append(answer).append("\n</details>\n").toString();
    }

    private static char letter(int index) {
        return (char) ('A' + index);
    }

    private void markdown(ArrayNode cells, Lesson lesson, String markdown, String id) {
        ObjectNode cell = cells.addObject();
        cell.put("cell_type", "markdown");
        cell.put("id", id);
        cell.putObject("metadata");
        ObjectNode attachments = JSON.createObjectNode();
        Matcher m = MarkdownImages.IMAGE.matcher(markdown);
        StringBuilder text = new StringBuilder();
        while (m.find()) {
            String src = m.group("src");
            byte[] figure = MarkdownImages.isExternal(src) ? null
                    : figureReader.apply((lesson.folder().isEmpty() ? "" : lesson.folder() + "/") + src);
            if (figure == null) {
                m.appendReplacement(text, Matcher.quoteReplacement(m.group()));
                continue;
            }
            String name = src.substring(src.lastIndexOf('/') + 1);
            attachments.putObject(name).put(mimeOf(name), Base64.getEncoder().encodeToString(figure));
            String title = m.group("title") == null ? "" : m.group("title");
            m.appendReplacement(text, Matcher.quoteReplacement("![" + m.group("alt") + "](attachment:" + name + title + ")"));
        }
        m.appendTail(text);
        if (!attachments.isEmpty()) {
            cell.set("attachments", attachments);
        }
        cell.set("source", lines(text.toString()));
    }

    /**
     * Keeps what the lesson says a cell prints in the cell's metadata ({@code course.expect}: the
     * line in the lesson file and the expectation), so that a notebook run can be checked as well.
     */
    private static void expect(ObjectNode cell, List<Expectation> expectations) {
        if (expectations.isEmpty()) {
            return;
        }
        ArrayNode list = ((ObjectNode) cell.get("metadata")).putObject("course").putArray("expect");
        for (Expectation expectation : expectations) {
            list.addObject().put("line", expectation.line()).put("expect", expectation.text());
        }
    }

    private static ObjectNode code(ArrayNode cells, String source, String id, boolean collapsed, List<String> tags) {
        ObjectNode cell = cells.addObject();
        cell.put("cell_type", "code");
        cell.put("id", id);
        ObjectNode metadata = cell.putObject("metadata");
        if (!tags.isEmpty()) {
            ArrayNode tagArray = metadata.putArray("tags");
            tags.forEach(tagArray::add);
        }
        if (collapsed) {
            metadata.putObject("jupyter").put("source_hidden", true);
        }
        cell.putNull("execution_count");
        cell.putArray("outputs");
        cell.set("source", lines(source));
        return cell;
    }

    /** nbformat stores text as a list of lines, each but the last ending in a newline. */
    private static ArrayNode lines(String text) {
        ArrayNode array = JSON.createArrayNode();
        String[] parts = text.split("(?<=\n)");
        for (String part : parts) {
            if (!part.isEmpty()) {
                array.add(part);
            }
        }
        return array;
    }

    private static String mimeOf(String name) {
        Map<String, String> types = Map.of("svg", "image/svg+xml", "png", "image/png", "jpg", "image/jpeg",
                "jpeg", "image/jpeg", "gif", "image/gif");
        String extension = name.substring(name.lastIndexOf('.') + 1).toLowerCase(java.util.Locale.ROOT);
        return types.getOrDefault(extension, "application/octet-stream");
    }

    private static String capitalise(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
