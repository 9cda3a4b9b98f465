package dev.course.engine.rag;

import dev.course.engine.corpus.LessonsCorpus;
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
    void compoundsAreStemmedPartByPartAsBm25SplitsThem() {
        assertEquals(java.util.Set.of("384", "dimension", "vector"), Terms.stems("384-dimensional vectors"));
        assertTrue(Terms.stems("one vector per piece").containsAll(Terms.stems("per-piece")));
        assertEquals(List.of("recal", "10"), Terms.stemParts("recall@10"));
        assertEquals("perpiec", Terms.stem("per-piece"), "stem still names one word");
    }

    @Test
    void aCapitalOpeningASentenceMakesANameOnlyWhenTheWordIsNeverWrittenInLowerCase() {
        String context = "Zephyr is a language. Falcon is written in Zephyr. Retrieval comes first; retrieval is search.";
        assertEquals(java.util.Set.of("falcon"), Terms.names("Zephyr is a language. The Falcon project is written in it."),
                "without a context, only capitals inside a sentence count");
        assertTrue(Terms.names("Zephyr is a language.", context).contains("zephyr"));
        assertFalse(Terms.names("Retrieval comes first.", context).contains("retriev"), "written in lower case elsewhere");
        assertFalse(Terms.names("The graph keeps M links per node.").contains("m"), "a lone letter is a symbol, not a name");
    }

    @Test
    void aCompoundIsMissingOnlyWhenOneOfItsPartsIs() {
        var found = List.of(new MultiStepRetriever.Found("lessons", new dev.course.engine.search.Hit(
                new dev.course.engine.chunk.Chunk("c", "d", "t", "Each piece gets a vector; one vector per text.", "",
                        new dev.course.engine.chunk.Span(0, 46)), 1f, -1), MultiStepRetriever.Status.NEW));
        assertEquals(List.of("multi-head"), MultiStepRetriever.missing(List.of("per-piece", "multi-head"), found));
    }

    @Test
    void keywordRewritingKeepsTheQuestionsAndDropsTheChat() {
        var rewrite = new KeywordRewriter().rewrite("Hi! I have been reading the first lesson all morning. "
                + "Why does normalising make the dot product equal the cosine? And what is a unit vector?");
        assertEquals(List.of("normalising dot product equal cosine", "unit vector"), rewrite.queries());
    }

    @Test
    void lessonsBecomeSectionsOfProseWithoutCode() {
        var documents = LessonsCorpus.inFolder(Path.of("../lessons/content")).passages();
        var dot = documents.stream().filter(d -> d.id().equals("foundations/vectors-and-similarity#the-dot-product"))
                .findFirst().orElseThrow();
        assertEquals("Vectors and similarity › The dot product", dot.title());
        assertTrue(dot.text().contains("The dot product multiplies matching entries and adds them up"), dot.text());
        assertFalse(dot.text().contains("double sum = 0"), "code cells are not prose");
        assertFalse(dot.text().contains("**"), "markup is removed");
    }

    @Test
    void sectionsLinkToTheAnchorsThePageHas() {
        var numbers = LessonsCorpus.inFolder(Path.of("../lessons/content")).passages().stream()
                .filter(d -> d.title().equals("Evaluating a RAG system › The course's numbers")).findFirst().orElseThrow();
        assertEquals("/learn/rag/evaluating-rag#the-courses-numbers", numbers.source(), "as the page's heading anchor");
    }

    @Test
    void theListOfSourcesIsNotAPassage() {
        var sections = new LessonsCorpus.LessonFile("search/05-bm25.md", """
                ---
                title: BM25
                ---
                Intro.

                ## The formula

                BM25 scores a term by its frequency, damped.

                ## Sources

                - S. Robertson and H. Zaragoza, *The probabilistic relevance framework* (2009): the formula.
                """).documents(true);
        assertEquals(List.of("search/bm25#", "search/bm25#the-formula"), sections.stream().map(d -> d.id()).toList());
    }

    @Test
    void conceptChecksAreNotPassages() {
        var sections = new LessonsCorpus.LessonFile("search/05-bm25.md", """
                ---
                title: BM25
                ---
                ## The formula

                BM25 scores a term by its frequency, damped.

                ::: check saturation
                What does k1 control?

                - [x] Saturation
                  Yes: the spoiler.
                - [ ] Length
                  No: that is b.
                :::

                After the check.
                """).documents(true);
        assertEquals("BM25 scores a term by its frequency, damped.\nAfter the check.", sections.getLast().text());
    }
}
