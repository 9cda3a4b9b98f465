package dev.course.server.search;

import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.chunk.Document;
import dev.course.lessons.CourseContent;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Course search over the real packaged lessons with the real MiniLM model. */
class CourseSearchTest {

    private static CourseSearch search;

    @BeforeAll
    static void build() {
        search = CourseSearch.start(CourseContent.packaged()::course, EmbeddingModel::miniLm);
    }

    @AfterAll
    static void close() {
        search.close();
    }

    @Test
    void sectionsCarryThePagesOwnAnchors() {
        List<Document> sections = CourseSearch.sections(CourseContent.packaged().course());
        Document dot = sections.stream().filter(d -> d.id().equals("foundations/vectors-and-similarity#the-dot-product"))
                .findFirst().orElseThrow();
        assertEquals("Vectors and similarity › The dot product", dot.title());
        assertEquals("/learn/foundations/vectors-and-similarity#the-dot-product", dot.source());
        assertTrue(dot.text().contains("multiplies matching entries"), dot.text());
        assertTrue(dot.text().contains("double dot(double[] a, double[] b)"), "cells are searchable too");
    }

    @Test
    void findsTheSectionThatAnswersAQuestionInOtherWords() {
        List<CourseSearch.Result> results = search.search("why do unit-length vectors make the dot product equal the cosine", 5);
        CourseSearch.Result answer = results.stream().limit(2).filter(r -> r.title().contains("Normalise once")).findFirst()
                .orElseThrow(() -> new AssertionError("the section that answers is not in the top 2: " + results));
        assertTrue(answer.url().startsWith("/learn/foundations/vectors-and-similarity?highlight=unit+length+vectors+dot+product+equal+cosine#"),
                answer.url());
        assertTrue(answer.url().endsWith("#normalise-once-then-the-dot-product-is-enough"), answer.url());
        assertEquals(results.size(), results.stream().map(CourseSearch.Result::url).distinct().count(), "one hit per section");
    }

    @Test
    void highlightsTheQueryWordsInTheSnippet() {
        String html = Snippets.highlight("Normalising keeps <the> direction; normalise once.", List.of("normalised"));
        assertEquals("<mark>Normalising</mark> keeps &lt;the&gt; direction; <mark>normalise</mark> once.", html);
        assertEquals("a \\cdot b is a <mark>dot</mark> product", Snippets.highlight("a \\cdot b is a dot product", List.of("dot")));
        assertTrue(search.search("", 5).isEmpty());
    }

    @Test
    void snippetsShowProseWithoutCodeOrTexSource() {
        String section = """
                Reciprocal rank fusion ignores the scores and uses only the ranks.
                \\text{RRF}(d) = \\sum_{\\text{lists}} \\frac{1}{60 + \\text{rank}(d)}
                import dev.course.engine.search.Fusion;
                Retriever hybrid = HybridRetriever.rrf(bm25, dense);
                for (var hit : hits) {
                }
                A document near the top of both lists beats one at the top of only one.
                """;
        String snippet = Snippets.around(section, List.of("fusion"));
        assertTrue(snippet.startsWith("Reciprocal rank fusion ignores the scores"), snippet);
        assertTrue(snippet.contains("RRF") && snippet.contains("lists") && snippet.contains("rank"), "a formula keeps its words: " + snippet);
        assertTrue(snippet.contains("A document near the top of both lists"), snippet);
        for (String noise : List.of("\\", "{", "}", "import ", "HybridRetriever.rrf", ";")) {
            assertFalse(snippet.contains(noise), "no '" + noise + "' in " + snippet);
        }
        assertEquals("int x = 1;", Snippets.around("int x = 1;", List.of("x")), "a section of nothing but code still shows something");
    }

    @Test
    void noSearchResultShowsTexOrCode() {
        for (String query : List.of("reciprocal rank fusion formula", "nDCG discounted gain", "softmax attention scores")) {
            for (CourseSearch.Result result : search.search(query, 5)) {
                assertFalse(result.snippet().matches(".*\\\\[A-Za-z]+.*"), "raw TeX in the snippet for '" + query + "': " + result.snippet());
            }
        }
    }
}
