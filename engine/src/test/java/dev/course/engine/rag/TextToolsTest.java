package dev.course.engine.rag;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Sentences, terms, keyword rewriting and the lesson reader. */
class TextToolsTest {

    @Test
    void sentencesKeepTheirExactSpans() {
        String text = "Vectors are arrows, e.g. (3, 1). The dot product adds products!\nA new line starts here? Yes.";
        List<Sentences.Sentence> sentences = Sentences.split(text);
        assertEquals(List.of("Vectors are arrows, e.g. (3, 1).", "The dot product adds products!",
                "A new line starts here?", "Yes."), sentences.stream().map(Sentences.Sentence::text).toList());
        for (var s : sentences) {
            assertEquals(s.text(), text.substring(s.start(), s.end()));
        }
    }

    @Test
    void termsDropQuestionWordsAndMatchStems() {
        assertEquals(List.of("kv", "cache", "stores"), Terms.keywords("What does the KV cache stores?"));
        assertEquals(Terms.stems("vectors normalised"), Terms.stems("vector normalised"));
    }

    @Test
    void keywordRewritingKeepsTheQuestionsAndDropsTheChat() {
        var rewrite = new KeywordRewriter().rewrite("Hi! I have been reading the first lesson all morning. "
                + "Why does normalising make the dot product equal the cosine? And what is a unit vector?");
        assertEquals(List.of("normalising dot product equal cosine", "unit vector"), rewrite.queries());
    }

    @Test
    void lessonsBecomeSectionsOfProseWithoutCode() {
        var documents = LessonCorpus.fromFolder(Path.of("../lessons/content"));
        var dot = documents.stream().filter(d -> d.id().equals("foundations/vectors-and-similarity#the-dot-product"))
                .findFirst().orElseThrow();
        assertEquals("Vectors and similarity › The dot product", dot.title());
        assertTrue(dot.text().contains("The dot product multiplies matching entries and adds them up"), dot.text());
        assertFalse(dot.text().contains("double sum = 0"), "code cells are not prose");
        assertFalse(dot.text().contains("**"), "markup is removed");
    }
}
