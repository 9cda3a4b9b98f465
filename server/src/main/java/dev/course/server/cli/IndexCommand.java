package dev.course.server.cli;

import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.CorpusSource;
import dev.course.engine.corpus.Encoder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code course index --corpus jdk|lessons|DIR [--out DIR]}: builds the search index of a corpus
 * once (BM25 and an HNSW graph of embeddings, on disk), or reopens the one already built and says
 * what it holds. {@code course search} uses it.
 */
@Command(name = "index", mixinStandardHelpOptions = true,
        description = "Index a corpus for search (BM25 + HNSW vectors, kept on disk): the JDK's API docs, the lessons, or a folder.")
public final class IndexCommand implements Callable<Integer> {

    @Option(names = "--corpus", paramLabel = "jdk|lessons|DIR", defaultValue = "jdk",
            description = "What to index: jdk (the Java API from $JAVA_HOME/lib/src.zip), jdk-sample, lessons, or a folder (its .md, .markdown, .txt and .java files, as ask --source DIR reads them) (default: ${DEFAULT-VALUE}).")
    String corpus;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Where the index goes (default: ~/.cache/course/indexes/NAME).")
    Path out;

    @Option(names = "--encoder", paramLabel = "bge|minilm", defaultValue = "bge", completionCandidates = IndexCommand.Encoders.class,
            description = "The embedding model (default: ${DEFAULT-VALUE}).")
    String encoder;

    @Option(names = "--rebuild", description = "Delete an existing index and build it again.")
    boolean rebuild;

    @Override
    public Integer call() throws Exception {
        CorpusSource source = CorpusSource.parse(corpus);
        Path dir = CorpusIndexes.directory(source, out);
        if (rebuild && CorpusIndex.exists(dir)) {
            IndexFiles.delete(dir);
        }
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        try (CorpusIndex index = CorpusIndexes.openOrBuild(source, dir, Encoder.byName(encoder), System.err)) {
            double seconds = (System.nanoTime() - start) / 1e9;
            var info = index.info();
            // Reopened, unless openOrBuild had to build it (none there, or one it could not read).
            boolean existed = info.created().isBefore(startedAt);
            System.out.printf(Locale.ROOT, "%s: %d documents, %d chunks, %s vectors, at %s%n", info.corpus(),
                    info.documents(), info.chunks(), info.encoder(), dir);
            System.out.printf(Locale.ROOT, existed
                    ? "reopened in %.2f s (built %s in %.1f s; --rebuild to build again)%n"
                    : "built in %.1f s%n", existed ? seconds : info.seconds(), info.created(), info.seconds());
        }
        return 0;
    }

    /** The choices of --encoder, for shell completion. */
    static final class Encoders extends LowerCaseChoices {
        private static final long serialVersionUID = 1L;

        Encoders() {
            super(Encoder.class);
        }
    }
}
