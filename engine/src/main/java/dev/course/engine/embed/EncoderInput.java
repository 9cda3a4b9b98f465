package dev.course.engine.embed;

import dev.course.engine.tokenize.Encoding;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A batch as the encoder graph takes it: every sequence padded to one length, row after row.
 *
 * <p>This is the boundary between what the course's code decides (which texts, which windows,
 * which batch) and the forward pass itself, wherever that runs: {@link Encoder#run} takes exactly
 * this, whether it is computed here by ONNX Runtime or sent to the course server's model service.
 *
 * @param rows    how many sequences
 * @param length  the padded length of every sequence
 * @param ids     token ids, {@code rows * length} of them, padding included
 * @param typeIds segment ids (0 for the first text, 1 for the second of a pair), same layout
 * @param lengths each row's real length: positions from there on are padding (attention mask 0)
 */
public record EncoderInput(int rows, int length, long[] ids, long[] typeIds, int[] lengths) {

    public EncoderInput {
        Objects.requireNonNull(ids, "ids");
        Objects.requireNonNull(typeIds, "typeIds");
        Objects.requireNonNull(lengths, "lengths");
        if (rows < 1 || length < 1) {
            throw new IllegalArgumentException("a batch needs at least one row and one position, got " + rows + " x " + length);
        }
        if ((long) rows * length != ids.length || ids.length != typeIds.length) {
            throw new IllegalArgumentException("ids and type ids must hold rows x length = " + rows + " x " + length
                    + " values, got " + ids.length + " and " + typeIds.length);
        }
        if (lengths.length != rows) {
            throw new IllegalArgumentException("one length per row: " + lengths.length + " lengths for " + rows + " rows");
        }
        for (int length1 : lengths) {
            if (length1 < 1 || length1 > length) {
                throw new IllegalArgumentException("a row's length must be between 1 and " + length + ", got " + length1);
            }
        }
    }

    /** Pads a batch of encodings to the longest with {@code padId}. */
    public static EncoderInput pad(List<Encoding> batch, long padId) {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        int rows = batch.size();
        int length = batch.stream().mapToInt(Encoding::length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] types = new long[rows * length];
        int[] lengths = new int[rows];
        Arrays.fill(ids, padId);
        for (int r = 0; r < rows; r++) {
            Encoding e = batch.get(r);
            long[] rowIds = e.ids();
            System.arraycopy(rowIds, 0, ids, r * length, rowIds.length);
            System.arraycopy(e.typeIds(), 0, types, r * length, rowIds.length);
            lengths[r] = rowIds.length;
        }
        return new EncoderInput(rows, length, ids, types, lengths);
    }

    /** How many positions the encoder computes, padding included: what its cost grows with. */
    public int positions() {
        return rows * length;
    }

    /** The attention mask of every row: 1 for real tokens, 0 for padding. */
    public long[][] masks() {
        long[][] masks = new long[rows][length];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(masks[r], 0, lengths[r], 1L);
        }
        return masks;
    }

    /** The attention mask flattened like {@link #ids()}, as the graph takes it. */
    public long[] flatMask() {
        long[] mask = new long[rows * length];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(mask, r * length, r * length + lengths[r], 1L);
        }
        return mask;
    }

    /**
     * The SHA-256 (hex) of {@code labels} and this whole batch: rows, padded length, each row's
     * length, token ids and segment ids. Each label goes in with its length first, so that labels
     * cannot run together. A forward pass is a pure function of the graph and the batch, so this is
     * the key under which its answer can be kept: the model service's {@code ReplyCache} in memory,
     * {@link PooledVectorCache} on disk.
     */
    public String digest(String... labels) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String label : labels) {
                byte[] utf8 = label.getBytes(StandardCharsets.UTF_8);
                sha.update(ByteBuffer.allocate(Integer.BYTES).putInt(utf8.length).array());
                sha.update(utf8);
            }
            ByteBuffer batch = ByteBuffer.allocate(Integer.BYTES * (2 + rows) + Long.BYTES * 2 * ids.length);
            batch.putInt(rows).putInt(length);
            for (int rowLength : lengths) {
                batch.putInt(rowLength);
            }
            batch.asLongBuffer().put(ids).put(typeIds);
            sha.update(batch.array());
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-256", impossible);
        }
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive), still padded to the same length. */
    public EncoderInput slice(int from, int to) {
        Objects.checkFromToIndex(from, to, rows);
        return new EncoderInput(to - from, length,
                Arrays.copyOfRange(ids, from * length, to * length),
                Arrays.copyOfRange(typeIds, from * length, to * length),
                Arrays.copyOfRange(lengths, from, to));
    }
}
