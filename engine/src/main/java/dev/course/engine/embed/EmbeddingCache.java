package dev.course.engine.embed;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * Embeddings kept on disk, so that the same texts embedded by the same model are embedded once.
 *
 * <p>Why: the course embeds the same texts again and again. The server embeds every lesson section
 * for its search each time it starts (about 15 seconds of CPU on two cores, while learners are
 * joining), and a benchmark embeds the same collection on every run. Embedding is a pure function
 * of the model and the text, so its result can be kept.
 *
 * <p>A file is named by the SHA-256 of everything the vectors depend on: the model's name and
 * dimension, how it treats long texts, and every text in order. Change one character of one text
 * and the name changes, so a stale file is never read; nothing has to be invalidated by hand.
 *
 * <p>The file holds a count, a dimension and the floats (big-endian, as {@link java.io.DataOutputStream}
 * writes them). It is written under a temporary name and renamed, so a reader never sees half a
 * file; a file whose size does not match its header (a full disk, a cut copy) is not used. The
 * cache is only a shortcut: when its folder cannot be written, the vectors are computed and
 * returned all the same.
 */
public final class EmbeddingCache {

    /** Bytes before the floats: the count and the dimension, one int each. */
    private static final int HEADER_BYTES = 2 * Integer.BYTES;

    private final Path folder;

    /** A cache in {@code folder}, created when the first file is written. */
    public EmbeddingCache(Path folder) {
        this.folder = Objects.requireNonNull(folder, "folder");
    }

    public Path folder() {
        return folder;
    }

    /**
     * The model's vectors for {@code texts} (one per text, in order), read from the cache when an
     * earlier call embedded exactly these texts with this model, else embedded now and kept.
     */
    public List<float[]> embedAll(EmbeddingModel model, List<String> texts) {
        Path file = folder.resolve(key(model, texts) + ".vectors");
        List<float[]> cached = readIfWhole(file, texts.size(), model.dimension());
        if (cached != null) {
            return cached;
        }
        List<float[]> vectors = model.embedAll(texts);
        try {
            writeAtomically(file, vectors, model.dimension());
        } catch (IOException | UnsupportedOperationException notKept) {
            // A read-only home or a full disk costs the next start the embedding time, nothing more.
        }
        return vectors;
    }

    /**
     * Writes vectors under a temporary name in the file's folder (created if missing) and renames
     * it, so that a reader (another process too) sees the whole file or none.
     */
    static void writeAtomically(Path file, List<float[]> vectors, int dimension) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path partial = Files.createTempFile(folder, "writing-", ".partial");
        try {
            write(partial, vectors, dimension);
            Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    /** The file name for these texts embedded by this model: a hash of all that the vectors depend on. */
    static String key(EmbeddingModel model, List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            update(sha, model.name() + "|" + model.dimension() + "|" + model.longTextPolicy());
            for (String text : texts) {
                update(sha, text);
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    /** Each string with its length first, so that ("ab", "c") and ("a", "bc") hash differently. */
    private static void update(MessageDigest sha, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha.update(bytes);
    }

    /**
     * Writes vectors of one dimension (at least one vector, or {@code dimension} given for none).
     *
     * @throws IllegalArgumentException when the vectors differ in length
     */
    public static void write(Path file, List<float[]> vectors, int dimension) throws IOException {
        ByteBuffer bytes = ByteBuffer.allocate(HEADER_BYTES + vectors.size() * dimension * Float.BYTES);
        bytes.putInt(vectors.size()).putInt(dimension);
        FloatBuffer floats = bytes.asFloatBuffer();
        for (float[] vector : vectors) {
            if (vector.length != dimension) {
                throw new IllegalArgumentException("a vector of " + vector.length + " floats among vectors of " + dimension);
            }
            floats.put(vector);
        }
        Files.write(file, bytes.array());
    }

    /** Like {@link #write(Path, List, int)}, with the dimension of the first vector. */
    public static void write(Path file, List<float[]> vectors) throws IOException {
        if (vectors.isEmpty()) {
            throw new IllegalArgumentException("no vectors to write: give the dimension");
        }
        write(file, vectors, vectors.getFirst().length);
    }

    /**
     * Reads a file {@link #write} wrote.
     *
     * @throws IOException when the file is shorter or longer than its header says
     */
    public static List<float[]> read(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            if (size < HEADER_BYTES || size > Integer.MAX_VALUE) {
                throw new IOException(file + " is not a vector file (" + size + " bytes)");
            }
            ByteBuffer bytes = ByteBuffer.allocate((int) size);
            while (bytes.hasRemaining() && channel.read(bytes) >= 0) {
                // reads until full
            }
            bytes.flip();
            int count = bytes.getInt();
            int dimension = bytes.getInt();
            if (count < 0 || dimension < 1 || HEADER_BYTES + (long) count * dimension * Float.BYTES != size) {
                throw new IOException(file + " says " + count + " vectors of " + dimension + " floats but holds "
                        + size + " bytes: delete it and it will be written again");
            }
            FloatBuffer floats = bytes.asFloatBuffer();
            List<float[]> vectors = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                float[] vector = new float[dimension];
                floats.get(vector);
                vectors.add(vector);
            }
            return vectors;
        }
    }

    /** The vectors in {@code file} if it exists and holds exactly {@code count} of {@code dimension}, else null. */
    static List<float[]> readIfWhole(Path file, int count, int dimension) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            List<float[]> vectors = read(file);
            return vectors.size() == count && (count == 0 || vectors.getFirst().length == dimension) ? vectors : null;
        } catch (IOException | UncheckedIOException unreadable) {
            return null;
        }
    }
}
