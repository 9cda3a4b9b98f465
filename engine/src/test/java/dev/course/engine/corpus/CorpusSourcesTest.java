package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;
import dev.course.engine.eval.Dataset;
import dev.course.engine.eval.PipelineEvaluation;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.search.Bm25Retriever;
import dev.course.engine.search.HybridRetriever;
import dev.course.engine.search.SearchResults;
import dev.course.engine.search.VectorRetriever;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CorpusSourcesTest {

    static final String NOTE = """
            ---
            title: Baking bread
            order: 1
            ---
            Bread needs flour, water, salt and yeast.

            ## Kneading

            Knead the **dough** for ten minutes, see [the video](https://example.org).

            ```java
            int minutes = 10;
            ```

            ```java solution
            secret answer
            ```

            ::: check knead-time
            How long do you knead?

            = 10 ± 1
              The secret ten minutes.
            :::

            ## Kneading

            > [!TIP]
            > A second section with the same heading.

            ![A loaf](loaf.svg "A golden crust")
            """;

    @Test
    void markdownBecomesOneDocumentPerSectionWithoutHiddenBlocks() {
        List<Document> docs = MarkdownSections.read(NOTE).documents("bread.md", "bread", "/notes/bread.md", false);
        assertEquals(List.of("bread.md#", "bread.md#kneading", "bread.md#kneading-1"), docs.stream().map(Document::id).toList());
        assertEquals("Baking bread", docs.get(0).title());
        assertEquals("Baking bread › Kneading", docs.get(1).title());
        assertEquals("/notes/bread.md#kneading", docs.get(1).source());
        assertEquals("Knead the dough for ten minutes, see the video.\nint minutes = 10;", docs.get(1).text());
        assertFalse(docs.stream().anyMatch(d -> d.text().contains("secret")), "solutions and concept checks are not searchable");
        assertEquals("A second section with the same heading.", docs.get(2).text(), "callout marker and figure go");
    }

    @Test
    void tildeFencesAreCodeToo() {
        var page = MarkdownSections.read("## Oven\n\nHeat it.\n\n~~~java setup\nint hidden = 1;\n~~~\n\n~~~\nbake(220);\n```\n~~~\n");
        assertEquals("Heat it.\nbake(220);\n```", page.sections().getLast().text());
    }

    @Test
    void theProseViewLeavesTheCodeOut() {
        List<Document> docs = MarkdownSections.read(NOTE).documents("bread.md", "bread", "/notes/bread.md", true);
        assertEquals("Knead the dough for ten minutes, see the video.", docs.get(1).text());
    }

    @Test
    void aPageWithoutFrontMatterIsTitledByItsFirstLevelOneHeading() {
        var page = MarkdownSections.read("# Cars\n\nAn engine burns fuel.\n\n## Wheels\n\nFour of them.\n");
        assertEquals("Cars", page.title());
        assertEquals(List.of("", "wheels"), page.sections().stream().map(MarkdownSections.Section::anchor).toList());
    }

    @Test
    void aFigureLeavesNothingInThePassageEvenWithBracketsInItsDescription() {
        // The reranking lesson's figure describes the pair input "[CLS] query [SEP] passage [SEP]" in its
        // alt text; a pattern that stopped at the first ']' left the rest as "sentences" an answer quoted.
        String line = "![Right: [CLS] query [SEP] passage [SEP] goes through one encoder.](figures/x.svg \"Two encoders.\") Text after.";
        assertEquals(" Text after.", MarkdownSections.plain(line));
        assertEquals("A link stays as its words.", MarkdownSections.plain("A [link](https://example.org) stays as its words."));
    }

    @Test
    void headingsGetThePagesAnchors() {
        assertEquals("the-courses-numbers", HeadingAnchors.of("The course's numbers"));
        assertEquals("bm25s-top-100-reranked", HeadingAnchors.of("BM25's top 100, reranked"));
        assertEquals("the-dot-product-a--b", HeadingAnchors.of("The dot product: `a · b`"));
        assertEquals("read-the-docs-now", HeadingAnchors.of("Read [the docs](https://x.org) *now*"));
        assertEquals("snake-case", HeadingAnchors.of("snake_case"));
        var page = new HeadingAnchors();
        assertEquals(List.of("kneading", "kneading-1", "kneading-2"),
                List.of(page.next("Kneading"), page.next("Kneading"), page.next("Kneading")));
    }

    @Test
    void aFolderReadsMarkdownTextAndJavaAndSkipsHiddenAndHugeFiles(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bread.md"), NOTE);
        Files.createDirectories(dir.resolve("sub"));
        Files.writeString(dir.resolve("sub/todo.txt"), "buy yeast\n");
        Files.writeString(dir.resolve("sub/Oven.java"), "class Oven { int degrees = 220; }\n");
        Files.writeString(dir.resolve("sub/huge.txt"), "x".repeat((int) FolderCorpus.MAX_FILE_BYTES + 1));
        Files.createDirectories(dir.resolve(".git"));
        Files.writeString(dir.resolve(".git/notes.md"), "# hidden");
        Files.writeString(dir.resolve("image.svg"), "<svg/>");
        var corpus = (FolderCorpus) CorpusSource.parse(dir.toString());
        Set<String> ids = corpus.documents().stream().map(Document::id).collect(Collectors.toSet());
        assertEquals(Set.of("bread.md#", "bread.md#kneading", "bread.md#kneading-1", "sub/Oven.java", "sub/todo.txt"), ids);
        assertTrue(corpus.name().startsWith(dir.getFileName().toString().toLowerCase() + "-"), corpus.name());
    }

    @Test
    void unknownCorporaAreRefusedWithTheChoices() {
        var e = assertThrows(IllegalArgumentException.class, () -> CorpusSource.parse("/no/such/folder"));
        assertTrue(e.getMessage().contains("jdk, jdk-sample, lessons"), e.getMessage());
    }

    @Test
    void everyJudgedDocumentOfTheJdkQuestionsExists() {
        Dataset questions = JdkQuestions.dataset();
        assertEquals(30, questions.queries().size());
        Set<String> ids = questions.documents().stream().map(Document::id).collect(Collectors.toSet());
        for (var query : questions.queries()) {
            assertFalse(questions.qrels().relevant(query.id()).isEmpty(), query.text());
            for (String judged : questions.qrels().gains(query.id()).keySet()) {
                assertTrue(ids.contains(judged), "judged document " + judged + " of '" + query.text() + "' is not in the sample");
            }
        }
    }

    @Test
    void hybridSearchBeatsBm25OnTheJdkQuestions() throws IOException {
        Dataset questions = JdkQuestions.dataset();
        var chunks = questions.documents().stream().map(dev.course.engine.chunk.Chunk::whole).toList();
        try (var index = ChunkIndex.inMemory(chunks, Encoder.BGE.model())) {
            var bm25 = new Bm25Retriever(index);
            var dense = new VectorRetriever(index, Encoder.BGE.model());
            var report = PipelineEvaluation.evaluate(questions, List.of(bm25, dense, HybridRetriever.rrf(bm25, dense)));
            System.out.println(report);
            assertTrue(report.row("bm25").ndcg10() > 0.3, report.toString());
            assertTrue(report.rows().get(2).ndcg10() > report.row("bm25").ndcg10(), report.toString());
        }
    }

    @Test
    void aCorpusIndexIsBuiltOnceAndReopenedWithoutEmbedding(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("bread.md"), NOTE);
        Files.writeString(dir.resolve("cars.md"), "# Cars\n\nAn engine burns fuel to turn the wheels.\n");
        Path indexDir = dir.resolve("index");
        var phases = new java.util.LinkedHashSet<String>();
        try (var built = CorpusIndex.build(new FolderCorpus(dir), indexDir, Encoder.MINILM,
                (phase, done, total) -> phases.add(phase.replaceAll(" with .*", "")))) {
            assertEquals(4, built.info().documents());
            assertEquals("all-MiniLM-L6-v2", built.info().encoder());
        }
        assertTrue(phases.containsAll(List.of("embedding", "indexing (BM25 + HNSW graph)")), phases.toString());
        assertTrue(CorpusIndex.exists(indexDir));
        try (var reopened = CorpusIndex.open(indexDir)) {
            assertEquals(Encoder.MINILM, reopened.encoder());
            SearchResults hits = new VectorRetriever(reopened.chunks(), reopened.encoder().model()).search("what goes into bread", 1);
            assertEquals("bread.md#", hits.get(0).chunk().documentId());
            assertEquals("cars.md#", new Bm25Retriever(reopened.chunks()).search("wheels", 1).get(0).chunk().documentId());
        }
        assertThrows(IllegalArgumentException.class, () -> CorpusIndex.build(new FolderCorpus(dir), indexDir, Encoder.MINILM, Progress.NONE));
    }
}
