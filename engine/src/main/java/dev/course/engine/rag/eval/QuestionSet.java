package dev.course.engine.rag.eval;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

/**
 * Reads questions from JSON Lines, one object per line:
 * {@code {"id": "a01", "question": "…", "answers": ["…"], "passage": "track/slug#section"}} for
 * answerable questions, {@code {"id": "n01", "question": "…", "answerable": false}} for the others.
 * The course's own set, written from the lesson texts, is {@link #COURSE} on the class path.
 */
public final class QuestionSet {

    /** The course's question set (class path resource). */
    public static final String COURSE = "rag/questions.jsonl";

    private static final ObjectMapper JSON = new ObjectMapper();

    private QuestionSet() {
    }

    /** The course's questions. */
    public static List<RagQuestion> course() {
        try (InputStream in = QuestionSet.class.getClassLoader().getResourceAsStream(COURSE)) {
            if (in == null) throw new IllegalStateException(COURSE + " is not on the class path");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Questions from JSON Lines text; blank lines are skipped, a bad line is an error naming its number. */
    public static List<RagQuestion> parse(String jsonl) {
        var questions = new ArrayList<RagQuestion>();
        var ids = new HashSet<String>();
        List<String> lines = jsonl.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            try {
                JsonNode o = JSON.readTree(lines.get(i));
                var answers = new ArrayList<String>();
                o.path("answers").forEach(a -> answers.add(a.asText()));
                var q = new RagQuestion(o.path("id").asText("line" + (i + 1)), o.path("question").asText(),
                        answers, o.path("passage").asText(""), o.path("answerable").asBoolean(true));
                if (q.question().isBlank()) throw new IllegalArgumentException("no question");
                if (!ids.add(q.id())) throw new IllegalArgumentException("duplicate id " + q.id());
                questions.add(q);
            } catch (IOException | IllegalArgumentException e) {
                throw new IllegalArgumentException("line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return questions;
    }
}
