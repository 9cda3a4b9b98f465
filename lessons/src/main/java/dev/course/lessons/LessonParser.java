package dev.course.lessons;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a lesson file (Markdown with front matter, Java cells and exercises) into a {@link Lesson}.
 *
 * <p>The parser works line by line so that every mistake can be reported with its line number. It
 * only finds the lesson's structure: front matter, fenced cells, {@code ::: exercise} containers
 * and callouts. Everything else is prose and is left to the Markdown renderer. The format is
 * documented in {@code lessons/README.md}.
 */
public final class LessonParser {

    private static final Pattern FENCE = Pattern.compile("^(`{3,}|~{3,})\\s*(.*?)\\s*$");
    private static final Pattern EXERCISE_OPEN = Pattern.compile("^:::\\s*exercise(?:\\s+(.*?))?\\s*$");
    private static final Pattern CHECK_OPEN = Pattern.compile("^:::\\s*check(?:\\s+(.*?))?\\s*$");
    private static final Pattern CONTAINER_CLOSE = Pattern.compile("^:::\\s*$");
    private static final Pattern CALLOUT_OPEN = Pattern.compile("^>\\s*\\[!(\\w+)]\\s*$");
    private static final Pattern ID = Pattern.compile("[a-z][a-z0-9-]*");
    private static final Set<String> CALLOUT_KINDS = Set.of("note", "tip", "warning");
    private static final Pattern ORDER_PREFIX = Pattern.compile("^\\d+-");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final String file;
    private final List<String> lines;
    private int next; // index of the next unread line (0-based)
    private int cellCount;
    private final List<ConceptCheck> checks = new ArrayList<>();

    private LessonParser(String file, String text) {
        this.file = file;
        this.lines = text.replace("\r\n", "\n").lines().toList();
    }

    /**
     * Parses one lesson.
     *
     * @param sourceName the file name relative to the content root ({@code foundations/01-vectors.md}),
     *                   used for the slug and in error messages
     * @param text       the file's contents
     * @throws LessonFormatException with {@code file:line:} when the lesson is malformed
     */
    public static Lesson parse(String sourceName, String text) {
        return new LessonParser(sourceName, text).lesson();
    }

    /** The URL name of a lesson file: its base name without the order prefix and extension. */
    public static String slugOf(String sourceName) {
        String base = sourceName.substring(sourceName.lastIndexOf('/') + 1).replaceFirst("\\.md$", "");
        return ORDER_PREFIX.matcher(base).replaceFirst("");
    }

    private Lesson lesson() {
        LessonMeta meta = frontMatter();
        List<Block> blocks = new ArrayList<>();
        StringBuilder prose = new StringBuilder();
        int proseLine = next + 1;
        while (next < lines.size()) {
            String line = lines.get(next);
            int lineNo = next + 1;
            Matcher fence = FENCE.matcher(line);
            Matcher exercise = EXERCISE_OPEN.matcher(line);
            Matcher callout = CALLOUT_OPEN.matcher(line);
            if (fence.matches() && isJava(fence.group(2))) {
                flush(blocks, prose, proseLine);
                blocks.add(cell(fence, lineNo));
                proseLine = next + 1;
            } else if (fence.matches() && fence.group(2).equals("expect")) {
                throw error(lineNo, "an expect block belongs right after the ```java cell whose output it describes");
            } else if (fence.matches()) {
                // A fence in another language is prose (a shell command, some JSON): copy it whole.
                for (String fenced : fencedBody(fence, lineNo, true)) {
                    prose.append(fenced).append('\n');
                }
            } else if (exercise.matches()) {
                flush(blocks, prose, proseLine);
                blocks.add(exercise(exercise.group(1), lineNo));
                proseLine = next + 1;
            } else if (CHECK_OPEN.matcher(line).matches()) {
                flush(blocks, prose, proseLine);
                Matcher check = CHECK_OPEN.matcher(line);
                check.matches();
                blocks.add(check(check.group(1), lineNo));
                proseLine = next + 1;
            } else if (CONTAINER_CLOSE.matcher(line).matches()) {
                throw error(lineNo, "':::' closes nothing here; an exercise starts with '::: exercise ID', a concept check with '::: check ID'");
            } else if (callout.matches()) {
                flush(blocks, prose, proseLine);
                blocks.add(callout(callout.group(1), lineNo));
                proseLine = next + 1;
            } else {
                if (prose.isEmpty()) {
                    proseLine = lineNo;
                }
                prose.append(line).append('\n');
                next++;
            }
        }
        flush(blocks, prose, proseLine);
        return new Lesson(slugOf(file), file, meta, blocks, String.join("\n", lines) + "\n");
    }

    private LessonMeta frontMatter() {
        if (lines.isEmpty() || !lines.getFirst().strip().equals("---")) {
            throw error(1, "a lesson starts with front matter between '---' lines, with title, track, order and summary");
        }
        int end = -1;
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("---")) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw error(1, "the front matter opened here is never closed with a '---' line");
        }
        String yaml = String.join("\n", lines.subList(1, end));
        LessonMeta meta;
        try {
            meta = YAML.readValue(yaml.isBlank() ? "{}" : yaml, LessonMeta.class);
        } catch (UnrecognizedPropertyException e) {
            throw error(lineOfKey(end, e.getPropertyName()), "unknown front matter key '" + e.getPropertyName()
                    + "'; the keys are title, track, order and summary");
        } catch (Exception e) {
            throw error(2 + lineOf(e), "the front matter is not valid YAML: " + firstLine(e.getMessage()));
        }
        if (meta == null) {
            throw error(1, "the front matter is empty; give title, track, order and summary");
        }
        requireText(meta.title(), "title");
        requireText(meta.track(), "track");
        requireText(meta.summary(), "summary");
        if (meta.order() < 1) {
            throw error(1, "front matter 'order' must be a whole number from 1 (the lesson's place in its track)");
        }
        next = end + 1;
        return meta;
    }

    private void requireText(String value, String key) {
        if (value == null || value.isBlank()) {
            throw error(1, "front matter needs '" + key + "'");
        }
    }

    /** The line of the front matter (ending before line index {@code end}) where {@code key} is set. */
    private int lineOfKey(int end, String key) {
        for (int i = 1; i < end; i++) {
            if (lines.get(i).strip().startsWith(key + ":")) {
                return i + 1;
            }
        }
        return 1;
    }

    private static int lineOf(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JacksonException je && je.getLocation() != null) {
            return Math.max(0, je.getLocation().getLineNr() - 1);
        }
        return 0;
    }

    private static boolean isJava(String info) {
        return info.equals("java") || info.startsWith("java ");
    }

    private Block.Cell cell(Matcher fence, int lineNo) {
        String[] words = fence.group(2).split("\\s+");
        CellRole role = CellRole.RUN;
        if (words.length > 2) {
            throw error(lineNo, "a cell takes at most one word after 'java' (readonly or setup), got '" + fence.group(2) + "'");
        }
        if (words.length == 2) {
            String word = words[1];
            if (word.equals("solution") || word.equals("check")) {
                throw error(lineNo, "'java " + word + "' belongs inside a '::: exercise ID' block");
            }
            role = CellRole.byKeyword(word).filter(r -> r != CellRole.RUN).orElseThrow(() -> error(lineNo,
                    "unknown cell kind '" + word + "'; write 'java', 'java readonly' or 'java setup'"));
        }
        String source = String.join("\n", fencedBody(fence, lineNo, false));
        if (source.isBlank()) {
            throw error(lineNo, "this cell is empty");
        }
        return new Block.Cell("c" + (++cellCount), role, source, expectations(), lineNo);
    }

    /**
     * Reads the {@code expect} block that may follow a cell (blank lines between are allowed): what
     * the prose says the cell prints, one {@link Expectation} a line.
     */
    private List<Expectation> expectations() {
        int look = next;
        while (look < lines.size() && lines.get(look).isBlank()) {
            look++;
        }
        Matcher fence = look < lines.size() ? FENCE.matcher(lines.get(look)) : null;
        if (fence == null || !fence.matches() || !fence.group(2).equals("expect")) {
            return List.of();
        }
        next = look;
        int openLine = look + 1;
        List<String> body = fencedBody(fence, openLine, false);
        List<Expectation> expectations = new ArrayList<>();
        for (int i = 0; i < body.size(); i++) {
            if (body.get(i).isBlank()) {
                continue;
            }
            try {
                expectations.add(Expectation.parse(body.get(i), openLine + 1 + i));
            } catch (IllegalArgumentException e) {
                throw error(openLine + 1 + i, e.getMessage());
            }
        }
        if (expectations.isEmpty()) {
            throw error(openLine, "this expect block is empty; write one expectation a line, e.g. 'prints 8.0'");
        }
        return expectations;
    }

    /**
     * Reads a fenced block starting at the current line and returns its lines: the body only, or
     * with the opening and closing fence lines when {@code withFences}.
     */
    private List<String> fencedBody(Matcher open, int lineNo, boolean withFences) {
        String marker = open.group(1);
        List<String> body = new ArrayList<>();
        if (withFences) {
            body.add(lines.get(next));
        }
        next++;
        while (next < lines.size()) {
            String line = lines.get(next++);
            String stripped = line.strip();
            if (stripped.length() >= marker.length() && stripped.chars().allMatch(c -> c == marker.charAt(0))) {
                if (withFences) {
                    body.add(line);
                }
                return body;
            }
            body.add(line);
        }
        throw error(lineNo, "this code block is never closed; end it with a line of " + marker);
    }

    private Block.Exercise exercise(String id, int lineNo) {
        if (id == null || !ID.matcher(id).matches()) {
            throw error(lineNo, "an exercise needs an id of lower-case letters, digits and dashes: '::: exercise cosine'");
        }
        next++;
        StringBuilder task = new StringBuilder();
        String starter = null;
        String solution = null;
        String checks = null;
        String hint = "";
        List<String> alternatives = new ArrayList<>();
        while (next < lines.size()) {
            String line = lines.get(next);
            int at = next + 1;
            if (CONTAINER_CLOSE.matcher(line).matches()) {
                next++;
                if (starter == null) {
                    throw error(lineNo, "exercise '" + id + "' has no starter cell (a ```java block for the learner to edit)");
                }
                if (checks == null) {
                    throw error(lineNo, "exercise '" + id + "' has no ```java check block (the JUnit 5 test methods that judge it)");
                }
                if (solution == null) {
                    throw error(lineNo, "exercise '" + id + "' has no ```java solution block");
                }
                if (task.toString().isBlank()) {
                    throw error(lineNo, "exercise '" + id + "' has no task: write one or two sentences before its cells");
                }
                return new Block.Exercise(id, task.toString().strip(), starter, checks, solution, hint, alternatives, lineNo);
            }
            if (EXERCISE_OPEN.matcher(line).matches()) {
                throw error(at, "exercises cannot be nested; close exercise '" + id + "' (line " + lineNo + ") with ':::' first");
            }
            Matcher fence = FENCE.matcher(line);
            if (!fence.matches()) {
                task.append(line).append('\n');
                next++;
                continue;
            }
            String info = fence.group(2);
            String body = String.join("\n", fencedBody(fence, at, false));
            switch (info) {
                case "java" -> starter = once(starter, body, at, "starter ```java");
                case "java solution" -> solution = once(solution, body, at, "```java solution");
                case "java check" -> checks = once(checks, body, at, "```java check");
                case "hint" -> hint = once(hint.isEmpty() ? null : hint, body, at, "```hint");
                case "java alternative" -> alternatives.add(body);
                default -> throw error(at, "inside an exercise, blocks are ```java (the starter), ```java solution, "
                        + "```java check, ```java alternative and ```hint; got ```" + info);
            }
        }
        throw error(lineNo, "exercise '" + id + "' is never closed; end it with a line ':::'");
    }

    /** The most concept checks a lesson may have: a few questions on what matters, not a test. */
    static final int MAX_CHECKS = 4;

    private ConceptCheck check(String id, int lineNo) {
        if (id == null || !ID.matcher(id).matches()) {
            throw error(lineNo, "a concept check needs an id of lower-case letters, digits and dashes: '::: check right-angle'");
        }
        if (checks.stream().anyMatch(c -> c.id().equals(id))) {
            throw error(lineNo, "the check id '" + id + "' is already used in this lesson");
        }
        if (checks.size() == MAX_CHECKS) {
            throw error(lineNo, "a lesson has at most " + MAX_CHECKS + " concept checks");
        }
        next++;
        int first = next + 1;
        List<String> body = new ArrayList<>();
        while (next < lines.size()) {
            String line = lines.get(next++);
            if (CONTAINER_CLOSE.matcher(line).matches()) {
                ConceptCheck check = new ConceptCheckParser(file).parse(id, body, first, lineNo);
                checks.add(check);
                return check;
            }
            if (EXERCISE_OPEN.matcher(line).matches() || CHECK_OPEN.matcher(line).matches() || FENCE.matcher(line).matches()) {
                throw error(next, "a concept check holds a question and its answers only; close check '" + id
                        + "' (line " + lineNo + ") with ':::' first");
            }
            body.add(line);
        }
        throw error(lineNo, "check '" + id + "' is never closed; end it with a line ':::'");
    }

    private String once(String existing, String body, int lineNo, String what) {
        if (existing != null) {
            throw error(lineNo, "an exercise has only one " + what + " block");
        }
        return body;
    }

    private Block.Callout callout(String kindWord, int lineNo) {
        String kind = kindWord.toLowerCase(java.util.Locale.ROOT);
        if (!CALLOUT_KINDS.contains(kind)) {
            throw error(lineNo, "unknown callout [!" + kindWord + "]; use [!NOTE], [!TIP] or [!WARNING]");
        }
        next++;
        StringBuilder body = new StringBuilder();
        while (next < lines.size() && lines.get(next).startsWith(">")) {
            String line = lines.get(next++).substring(1);
            body.append(line.startsWith(" ") ? line.substring(1) : line).append('\n');
        }
        if (body.toString().isBlank()) {
            throw error(lineNo, "this callout is empty; continue it on lines starting with '>'");
        }
        return new Block.Callout(kind, body.toString(), lineNo);
    }

    private static void flush(List<Block> blocks, StringBuilder prose, int line) {
        if (!prose.toString().isBlank()) {
            blocks.add(new Block.Prose(prose.toString(), line));
        }
        prose.setLength(0);
    }

    private LessonFormatException error(int line, String problem) {
        return new LessonFormatException(file, line, problem);
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
