package dev.course.engine.embed;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The pooled vectors of encoder batches, kept on disk for the next process that runs exactly the
 * same batch through the same graph: the disk counterpart, for kernels outside the course server
 * (Jupyter, {@code ./course kernel run}), of the model service's in-memory {@code ReplyCache}.
 *
 * <p>Why: the lessons embed the same collections again and again, each in a fresh kernel (the JDK
 * sample indexed with MiniLM in six lessons, the transformers track's sections in eight), and a
 * learner re-runs a notebook from the top. {@link EmbeddingModel} sorts texts by length and cuts
 * them into batches the same way every time, so the same collection gives the same batches, and a
 * forward pass is a pure function of the graph, the pooling and the batch.
 *
 * <p>Exact: a file is named by {@link EncoderInput#digest} of a format label, the model's name,
 * its graph's checksum ({@link OnnxEncoder#graphChecksum}), the pooling and the whole batch, so it
 * holds the very floats computing the batch again would give; batches are never merged or split.
 * Each file holds one batch's vectors in {@link EmbeddingCache}'s format, written under a temporary
 * name and renamed (a reader in another kernel sees all of it or nothing); a file whose size does
 * not match its header, or whose count is not the batch's, is ignored and written again.
 *
 * <p>Bounded: when the files this process knows of pass {@code maxBytes}, the least recently used
 * (by modification time; a hit touches its file) are deleted down to three quarters of it.
 *
 * <p>Trust: whoever can write the folder decides what the vectors are. Only an unsandboxed kernel
 * uses it, whose cells can write the user's home anyway; sandboxed kernels never do (their models
 * run in the server's model service, or in the kernel with this cache off), so one learner cannot
 * plant vectors that another learner's search would read. It is a shortcut only: a folder that
 * cannot be written costs the time of computing, nothing else.
 */
public final class PooledVectorCache {

    /** The default bound on the folder's size: some thousands of batches. */
    public static final long DEFAULT_MAX_BYTES = 256L << 20;

    /** Part of every key: change it when pooling or the file format changes what a file means. */
    private static final String FORMAT = "pooled-vectors-1";

    private static final String SUFFIX = ".vectors";

    private final Path folder;
    private final long maxBytes;
    /** Bytes in the folder as this process last counted them plus what it has written since; -1 before the first count. */
    private final AtomicLong knownBytes = new AtomicLong(-1);

    /**
     * @param folder   where the files go, created when the first one is written
     * @param maxBytes the most bytes kept before the least recently used files are deleted
     */
    public PooledVectorCache(Path folder, long maxBytes) {
        this.folder = Objects.requireNonNull(folder, "folder");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("the pooled-vector cache needs a positive size, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
    }

    public Path folder() {
        return folder;
    }

    /**
     * One pooled vector per row of {@code batch}: read from the folder when this batch was computed
     * before with this model, graph and pooling, else {@code compute}'s, kept for next time.
     *
     * @param dimension the vectors' size, to check a file against
     */
    public float[][] pooled(String model, String graphChecksum, Pooling pooling, int dimension, EncoderInput batch,
                            Supplier<float[][]> compute) {
        Path file = folder.resolve(batch.digest(FORMAT, model, graphChecksum, pooling.name()) + SUFFIX);
        List<float[]> kept = EmbeddingCache.readIfWhole(file, batch.rows(), dimension);
        if (kept != null) {
            touch(file);
            return kept.toArray(float[][]::new);
        }
        float[][] computed = compute.get();
        keep(file, computed, dimension);
        return computed;
    }

    private void keep(Path file, float[][] vectors, int dimension) {
        try {
            EmbeddingCache.writeAtomically(file, Arrays.asList(vectors), dimension);
            long size = Files.size(file);
            if (knownBytes.get() < 0 || knownBytes.addAndGet(size) > maxBytes) {
                trim();
            }
        } catch (IOException | UnsupportedOperationException notKept) {
            // A read-only or full disk: the next run computes this batch again, nothing more.
        }
    }

    /** Counts the folder's files and deletes the least recently used down to three quarters of the bound. */
    private synchronized void trim() throws IOException {
        record Entry(Path file, long bytes, FileTime used) {
        }
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.getFileName().toString().endsWith(SUFFIX))::iterator) {
                try {
                    entries.add(new Entry(file, Files.size(file), Files.getLastModifiedTime(file)));
                } catch (IOException goneMeanwhile) {
                    // another kernel deleted it
                }
            }
        }
        long total = entries.stream().mapToLong(Entry::bytes).sum();
        if (total > maxBytes) {
            entries.sort(Comparator.comparing(Entry::used));
            for (Entry entry : entries) {
                if (total <= maxBytes * 3 / 4) {
                    break;
                }
                Files.deleteIfExists(entry.file());
                total -= entry.bytes();
            }
        }
        knownBytes.set(total);
    }

    /** Marks a file as just used, so that eviction takes older ones first. */
    private static void touch(Path file) {
        try {
            Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis()));
        } catch (IOException | UnsupportedOperationException ignored) {
            // a read-only folder still serves its files
        }
    }

    @Override
    public String toString() {
        return "PooledVectorCache[" + folder + ", at most " + (maxBytes >> 20) + " MiB]";
    }
}
