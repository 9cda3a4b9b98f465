package dev.course.server.cli;

import dev.course.engine.corpus.CorpusIndex;
import dev.course.engine.corpus.CorpusSource;
import dev.course.engine.corpus.Encoder;
import dev.course.engine.corpus.UnreadableIndexException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/** What {@code index} and {@code search} share: where a corpus's index lives, and opening or building it. */
final class CorpusIndexes {

    private CorpusIndexes() {
    }

    /** {@code out} if given, else the corpus's folder in the cache. */
    static Path directory(CorpusSource source, Path out) {
        return out != null ? out : CorpusIndex.defaultDirectory(source);
    }

    /**
     * Opens the index in {@code dir}, building it first (with progress on stderr) if there is none,
     * or if the one there cannot be read (written by an older Lucene, or damaged): then one line
     * says so, and it is built again.
     */
    static CorpusIndex openOrBuild(CorpusSource source, Path dir, Encoder encoder, PrintStream log) throws IOException {
        if (CorpusIndex.exists(dir)) {
            try {
                return CorpusIndex.open(dir);
            } catch (UnreadableIndexException e) {
                log.println(e.getMessage() + "; building it again");
                IndexFiles.delete(dir);
            }
        }
        log.println("indexing corpus " + source.name() + " into " + dir + " (once; later runs reopen it)");
        try (var progress = ProgressBar.onStderr()) {
            CorpusIndex built = CorpusIndex.build(source, dir, encoder, progress);
            progress.message(String.format(Locale.ROOT, "indexed %d documents as %d chunks with %s in %.1f s",
                    built.info().documents(), built.info().chunks(), built.info().encoder(), built.info().seconds()));
            return built;
        }
    }
}
