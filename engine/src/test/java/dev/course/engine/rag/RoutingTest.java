package dev.course.engine.rag;

import dev.course.engine.chunk.Document;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Routing among the lessons, the JDK's documentation and a folder of recipes, each a real index. */
class RoutingTest {

    private static final List<Document> RECIPES = List.of(
            new Document("bread.md", "Bread", "Knead the dough for ten minutes, let it rise for an hour, bake at 220 degrees.", ""),
            new Document("soup.md", "Soup", "Soften onions in butter, add stock and simmer the soup for twenty minutes.", ""));

    private final KnowledgeSource lessons = Fixtures.lessons();
    private final KnowledgeSource jdk = Sources.of("jdk", Sources.JDK_DESCRIPTION, List.of(new Document("java.util.HashMap",
            "HashMap", "Hash table based implementation of the Map interface. It permits null values and the null key.", "")), null);
    private final KnowledgeSource recipes = Sources.of("recipes", "My cooking notes: recipes for bread, soups and cakes, "
            + "baking times and oven temperatures.", RECIPES, Fixtures.model());
    private final Router router = new EmbeddingRouter(Fixtures.model());

    private String route(String question) {
        Router.Routing r = router.route(question, List.of(lessons, jdk, recipes));
        assertEquals(3, r.scores().size());
        return r.chosen().getFirst();
    }

    @Test
    void eachQuestionGoesToItsSource() {
        assertEquals("lessons", route("How does attention use queries and keys in a transformer?"));
        assertEquals("jdk", route("Does java.util.HashMap permit a null key?"));
        assertEquals("recipes", route("How long should bread dough rise before baking?"));
    }

    @Test
    void theDecisionShowsEveryScoreBestFirst() {
        Router.Routing r = router.route("What does the KV cache store?", List.of(lessons, jdk, recipes));
        for (int i = 1; i < r.scores().size(); i++) {
            assertTrue(r.scores().get(i - 1).score() >= r.scores().get(i).score());
        }
        assertTrue(r.toString().contains("lessons"), r.toString());
    }

    @Test
    void thePipelineSearchesOnlyTheChosenSource() {
        var pipeline = RagPipeline.offline(Fixtures.model(), lessons, recipes);
        RagResult result = pipeline.ask("How long should bread dough rise before baking?");
        assertEquals(List.of("recipes"), result.routing().chosen(), result.trace());
        assertTrue(result.sources().stream().allMatch(p -> p.origin().equals("recipes")));
        assertTrue(result.answer().text().contains("rise for an hour"), result.trace());
    }

    /** Without an index of the whole JDK, the jdk source is the one JDK reader's core packages: one passage per member. */
    @Test
    void theJdkSourceIsReadByTheOneJdkReader() {
        var home = java.nio.file.Path.of(System.getProperty("java.home"));
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(home.resolve("lib/src.zip")), "this JDK has no src.zip");
        var found = Sources.jdk().retriever().search("strip leading and trailing white space string", 10);
        assertTrue(found.documentIds().contains("java.lang.String#strip()"), found.documentIds().toString());
        assertTrue(found.get(0).chunk().source().startsWith(dev.course.engine.corpus.JdkApiCorpus.DOCS_URL), found.get(0).chunk().source());
    }
}
