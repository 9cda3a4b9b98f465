package dev.course.engine.corpus;

import dev.course.engine.chunk.Chunk;
import dev.course.engine.chunk.Chunker;
import dev.course.engine.chunk.Document;
import dev.course.engine.embed.EmbeddingModel;
import dev.course.engine.index.ChunkIndex;
import dev.course.engine.index.HnswConfig;
import org.apache.lucene.index.CorruptIndexException;
import org.apache.lucene.index.IndexFormatTooNewException;
import org.apache.lucene.index.IndexFormatTooOldException;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * A corpus indexed once and kept on disk: its chunks in a Lucene index with a BM25 field and an
 * HNSW graph of their embeddings ({@link ChunkIndex}), in a folder with a small
 * {@value #INFO_FILE} that says what was indexed, with which encoder, and how long it took.
 * {@link #open} reopens it in well under a second: nothing is parsed or embedded again.
 *
 * <pre>
 * ~/.cache/course/indexes/jdk/
 *   corpus.properties   corpus=jdk, encoder=bge-small-en-v1.5-q, documents=53980, ...
 *   lucene/             the index
 *   type-usage.tsv      the whole JDK only: how many files use each type ({@link TypeUsage}, for {@link JdkSearch})
 * </pre>
 *
 * A build writes into a temporary sibling folder and renames it into place at the end, so an
 * interrupted build never leaves a half-written index where {@link #open} would find it.
 */
public final class CorpusIndex implements AutoCloseable {

    public static final String INFO_FILE = "corpus.properties";
    public static final String LUCENE_DIR = "lucene";
    /** Texts embedded per step of the progress bar (each step still runs in parallel batches). */
    static final int EMBED_STEP = 256;

    /**
     * What an index holds.
     *
     * @param corpus    the corpus name
     * @param encoder   the model whose vectors are indexed
     * @param documents how many documents the corpus had
     * @param chunks    how many chunks were indexed
     * @param seconds   how long the build took, reading and parsing included
     * @param created   when it was built
     */
    public record Info(String corpus, String encoder, int documents, int chunks, double seconds, Instant created) {

        public Info {
            Objects.requireNonNull(corpus, "corpus");
            Objects.requireNonNull(encoder, "encoder");
            Objects.requireNonNull(created, "created");
        }

        void write(Path file) throws IOException {
            var p = new Properties();
            p.setProperty("corpus", corpus);
            p.setProperty("encoder", encoder);
            p.setProperty("documents", String.valueOf(documents));
            p.setProperty("chunks", String.valueOf(chunks));
            p.setProperty("seconds", String.format(Locale.ROOT, "%.1f", seconds));
            p.setProperty("created", created.toString());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                p.store(out, "a course search index; delete this folder to rebuild it");
            }
        }

        static Info read(Path file) throws IOException {
            var p = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
            return new Info(p.getProperty("corpus", "?"), p.getProperty("encoder", "?"),
                    Integer.parseInt(p.getProperty("documents", "0")), Integer.parseInt(p.getProperty("chunks", "0")),
                    Double.parseDouble(p.getProperty("seconds", "0")), Instant.parse(p.getProperty("created", Instant.EPOCH.toString())));
        }
    }

    private final Path dir;
    private final Info info;
    private final ChunkIndex chunks;

    private CorpusIndex(Path dir, Info info, ChunkIndex chunks) {
        this.dir = dir;
        this.info = info;
        this.chunks = chunks;
    }

    /** {@code ~/.cache/course/indexes}, or the folder the system property {@code course.indexes} names. */
    public static Path defaultRoot() {
        String configured = System.getProperty("course.indexes");
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "course", "indexes");
    }

    /** Where the index of {@code source} lives by default. */
    public static Path defaultDirectory(CorpusSource source) {
        return defaultRoot().resolve(source.name());
    }

    /** True if {@code dir} holds a finished index. */
    public static boolean exists(Path dir) {
        return Files.isRegularFile(dir.resolve(INFO_FILE)) && Files.isDirectory(dir.resolve(LUCENE_DIR));
    }

    /**
     * Reads the corpus, chunks it ({@link Chunker#DEFAULT}: the JDK's short documents stay whole),
     * embeds every chunk with {@code encoder}, writes BM25 and HNSW into {@code dir} (which must not
     * hold an index yet) and opens the result.
     */
    public static CorpusIndex build(CorpusSource source, Path dir, Encoder encoder, Progress progress) throws IOException {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(encoder, "encoder");
        if (exists(dir)) {
            throw new IllegalArgumentException("there is already an index at " + dir + "; open it, or delete it to rebuild");
        }
        long start = System.nanoTime();
        List<Document> documents = source.documents(progress);
        if (documents.isEmpty()) {
            throw new IllegalArgumentException("the corpus " + source.name() + " has no documents to index");
        }
        List<Chunk> chunkList = Chunker.DEFAULT.chunkAll(documents);
        List<float[]> vectors = embed(encoder.model(), chunkList.stream().map(Chunk::indexText).toList(), progress);

        Path parent = dir.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = Files.createTempDirectory(parent, dir.getFileName() + ".partial-");
        try {
            try (ChunkIndex _ = ChunkIndex.create(partial.resolve(LUCENE_DIR), chunkList, vectors,
                    encoder.spec().name(), HnswConfig.DEFAULT,
                    added -> progress.update("indexing (BM25 + HNSW graph)", added, chunkList.size()))) {
                // closed again: the folder is renamed below, then reopened from its final place
            }
            var info = new Info(source.name(), encoder.spec().name(), documents.size(), chunkList.size(),
                    (System.nanoTime() - start) / 1e9, Instant.now());
            if (source instanceof JdkApiCorpus jdk && jdk.isWholeJdk()) {
                // The JDK search's usage prior (JdkSearch), counted once here rather than on every search.
                progress.update("counting how the JDK's own code uses each type", 0, 1);
                TypeUsage.of(jdk.sourceZip()).save(partial.resolve(TypeUsage.FILE));
            }
            info.write(partial.resolve(INFO_FILE));
            deleteRecursively(dir);
            Files.move(partial, dir, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            deleteRecursively(partial);
        }
        return open(dir);
    }

    /**
     * Reopens an index that {@link #build} wrote. Indexes of an earlier Lucene 10 open through
     * Lucene's backward codecs; one that cannot be read at all (an older major version, a damaged
     * file) throws {@link UnreadableIndexException}, so that the caller can build it again.
     */
    public static CorpusIndex open(Path dir) throws IOException {
        if (!exists(dir)) {
            throw new IllegalArgumentException("no corpus index at " + dir.toAbsolutePath() + "; build it first (./course index)");
        }
        Info info = Info.read(dir.resolve(INFO_FILE));
        try {
            return new CorpusIndex(dir, info, ChunkIndex.open(dir.resolve(LUCENE_DIR)));
        } catch (IndexFormatTooOldException | IndexFormatTooNewException | CorruptIndexException e) {
            throw new UnreadableIndexException(dir, e);
        } catch (IllegalArgumentException e) {
            // Lucene's codec lookup: "Could not load codec 'LuceneNNN'" for a codec it does not know.
            throw new UnreadableIndexException(dir, e);
        }
    }

    /**
     * Embeds {@code texts} in steps of {@value #EMBED_STEP}, shortest first (so the encoder's batches
     * pad little), reporting after each step, and returns the vectors in the texts' order.
     */
    public static List<float[]> embed(EmbeddingModel model, List<String> texts, Progress progress) {
        Integer[] order = new Integer[texts.size()];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingInt(i -> texts.get(i).length()));
        float[][] out = new float[texts.size()][];
        String phase = "embedding with " + model.name();
        progress.update(phase, 0, texts.size());
        for (int from = 0; from < order.length; from += EMBED_STEP) {
            List<Integer> step = Arrays.asList(order).subList(from, Math.min(order.length, from + EMBED_STEP));
            List<float[]> vectors = model.embedAll(step.stream().map(texts::get).toList());
            for (int i = 0; i < step.size(); i++) {
                out[step.get(i)] = vectors.get(i);
            }
            progress.update(phase, from + step.size(), texts.size());
        }
        return new ArrayList<>(Arrays.asList(out));
    }

    public Path directory() {
        return dir;
    }

    public Info info() {
        return info;
    }

    /** The Lucene index: search it with any retriever of {@code dev.course.engine.search}. */
    public ChunkIndex chunks() {
        return chunks;
    }

    /** The encoder that made the indexed vectors; queries must be embedded with it. */
    public Encoder encoder() {
        return Encoder.byName(info.encoder());
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws IOException {
        chunks.close();
    }
}
