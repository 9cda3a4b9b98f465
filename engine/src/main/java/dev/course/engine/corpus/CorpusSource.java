package dev.course.engine.corpus;

import dev.course.engine.chunk.Document;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A collection to search, by name: the JDK's API documentation, the course's lessons, or a folder
 * of Markdown, text and Java files. Each turns into a list of {@link Document}s; indexing and searching
 * them is the same for all.
 */
public sealed interface CorpusSource permits JdkApiCorpus, LessonsCorpus, FolderCorpus {

    /** A short name, safe as a folder name: {@code jdk}, {@code lessons}, {@code notes-1a2b3c4d}. */
    String name();

    /** The documents, reading or parsing as needed; long reads report to {@code progress}. */
    List<Document> documents(Progress progress);

    default List<Document> documents() {
        return documents(Progress.NONE);
    }

    /**
     * The corpus a command line names: {@code jdk} (the whole exported JDK), {@code jdk-sample}
     * (a few hundred documents of everyday classes), {@code lessons}, or the path of a folder.
     */
    static CorpusSource parse(String spec) {
        return switch (spec) {
            case "jdk" -> JdkApiCorpus.all();
            case "jdk-sample" -> JdkApiCorpus.sample();
            case "lessons" -> LessonsCorpus.packaged();
            default -> {
                Path dir = Path.of(spec);
                if (!Files.isDirectory(dir)) {
                    throw new IllegalArgumentException("unknown corpus '" + spec
                            + "': expected jdk, jdk-sample, lessons, or the path of a folder of Markdown, text and Java files");
                }
                yield new FolderCorpus(dir);
            }
        };
    }
}
