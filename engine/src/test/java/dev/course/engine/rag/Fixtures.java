package dev.course.engine.rag;

import dev.course.engine.corpus.LessonsCorpus;
import dev.course.engine.embed.EmbeddingModel;

import java.nio.file.Path;

/** Real indexes shared by the RAG tests: built once per test JVM. */
final class Fixtures {

    private static KnowledgeSource lessons;

    private Fixtures() {
    }

    static EmbeddingModel model() {
        return EmbeddingModel.miniLm();
    }

    /** The course lessons from the checkout, indexed with BM25 and MiniLM. */
    static synchronized KnowledgeSource lessons() {
        if (lessons == null) {
            lessons = Sources.of("lessons", Sources.LESSONS_DESCRIPTION,
                    LessonsCorpus.inFolder(Path.of("../lessons/content")).passages(), model());
        }
        return lessons;
    }
}
