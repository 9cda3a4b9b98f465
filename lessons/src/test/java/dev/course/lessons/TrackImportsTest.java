package dev.course.lessons;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrackImportsTest {

    private static Lesson lesson(int order, String body) {
        return LessonParser.parse("search/0" + order + "-l" + order + ".md", """
                ---
                title: T
                track: search
                order: %d
                summary: S
                ---
                """.formatted(order) + body);
    }

    @Test
    void aLaterLessonSeesWhatAnEarlierLessonImported() {
        Lesson embeddings = lesson(2, "```java setup\nimport dev.course.engine.embed.VectorMath;\nimport dev.course.engine.chunk.Document;\n```\n");
        Lesson reranking = lesson(7, "```java setup\nimport dev.course.engine.rerank.MaxSimReranker;\n```\n\n```java\nint x = 1;\n```\n");
        List<Lesson> track = TrackImports.apply(List.of(embeddings, reranking));
        Block.Cell first = track.get(1).cells().getFirst();
        assertEquals(TrackImports.CELL_ID, first.id());
        assertEquals(CellRole.SETUP, first.role());
        assertEquals("""
                import dev.course.engine.chunk.Document;
                import dev.course.engine.embed.VectorMath;
                import dev.course.engine.rerank.MaxSimReranker;""", first.source());
        assertEquals("c2", track.get(1).cells().get(2).id(), "the lesson's own cells keep their ids");
    }

    @Test
    void aSimpleNameImportedFromTwoPackagesIsLeftToEachLesson() {
        Lesson a = lesson(1, "```java setup\nimport dev.course.engine.chunk.Document;\nimport java.util.List;\n```\n");
        Lesson b = lesson(2, "```java setup\nimport org.w3c.dom.Document;\n```\n");
        String imports = TrackImports.importsOf(List.of(a, b));
        assertEquals("import java.util.List;", imports);
        assertFalse(imports.contains("Document"));
    }

    @Test
    void aTrackWithoutImportsIsLeftAlone() {
        Lesson plain = lesson(1, "```java\nint x = 1;\n```\n");
        assertEquals(List.of(plain), TrackImports.apply(List.of(plain)));
    }

    @Test
    void thePackagedCourseGivesTheRerankingLessonVectorMath() {
        Lesson reranking = CourseContent.packaged().course().lessons().stream()
                .filter(l -> l.slug().equals("reranking")).findFirst().orElseThrow();
        assertTrue(reranking.cells().getFirst().source().contains("import dev.course.engine.embed.VectorMath;"),
                reranking.cells().getFirst().source());
    }
}
