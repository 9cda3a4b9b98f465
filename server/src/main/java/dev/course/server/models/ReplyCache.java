package dev.course.server.models;

import dev.course.engine.embed.EncoderInput;
import dev.course.engine.embed.EncoderReply;
import dev.course.engine.embed.Pooling;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The model service's answers to bundled encoders, kept in memory for the next request that asks
 * exactly the same thing.
 *
 * <p>Why: the kernels of a course ask the same questions again and again. Every learner who runs a
 * lesson's indexing cell sends the same batches (the same texts, tokenised, sorted and cut into
 * batches the same way), and many lessons index the same collections: the JDK sample, the
 * transformers track's sections. A forward pass is a pure function of the graph, the pooling and
 * the batch, so its answer can be kept and sent again.
 *
 * <p>Exact: the key is the SHA-256 of the model's name, the pooling (or none) and the whole batch —
 * rows, padded length, token ids, segment ids and each row's length — so only a request identical to
 * one already computed gets the kept answer, which is the very answer computing it again would give
 * (the graph runs the same batch the same way; batches are never merged or split here). Only the
 * bundled encoders are kept: an installed cross-encoder is found by its folder's name, and the folder
 * could be replaced while the server runs.
 *
 * <p>Bounded: at most {@code maxBytes} of answers, least recently used first out; an answer larger
 * than a sixteenth of that (hidden states of a long batch) is not kept, so that one cannot push out
 * many small ones.
 *
 * <p>What a learner can learn from it: that a request was answered sooner because some kernel on this
 * server asked exactly the same batch before. Lesson cells are the same for everyone; a batch of a
 * learner's own texts can only be recognised by someone who already knows those exact texts.
 */
final class ReplyCache {

    /** Bytes a kept answer costs beyond its floats: key, entry and array headers, roughly. */
    private static final int ENTRY_OVERHEAD = 200;

    private final long maxBytes;
    private final long maxEntryBytes;
    private final LinkedHashMap<String, EncoderReply> replies = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    /** @param maxBytes the most bytes of answers kept; 0 keeps none */
    ReplyCache(long maxBytes) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("the reply cache's size cannot be negative, got " + maxBytes);
        }
        this.maxBytes = maxBytes;
        this.maxEntryBytes = maxBytes / 16;
    }

    /**
     * The kept answer to this request, else {@code compute}'s, kept for next time. Computing happens
     * outside the lock, so two kernels asking the same new batch at once may both compute it.
     */
    EncoderReply answer(String model, Optional<Pooling> pooling, EncoderInput input, Supplier<EncoderReply> compute) {
        String key = key(model, pooling, input);
        synchronized (this) {
            EncoderReply kept = replies.get(key);
            if (kept != null) {
                hits++;
                return kept;
            }
            misses++;
        }
        EncoderReply computed = compute.get();
        long size = size(computed);
        if (size <= maxEntryBytes) {
            synchronized (this) {
                EncoderReply previous = replies.put(key, computed);
                bytes += size - (previous == null ? 0 : size(previous));
                Iterator<Map.Entry<String, EncoderReply>> oldest = replies.entrySet().iterator();
                while (bytes > maxBytes && oldest.hasNext()) {
                    bytes -= size(oldest.next().getValue());
                    oldest.remove();
                }
            }
        }
        return computed;
    }

    /** Requests answered from the cache so far. */
    synchronized long hits() {
        return hits;
    }

    /** Requests computed so far (kept or not). */
    synchronized long misses() {
        return misses;
    }

    /** Bytes of answers kept now. */
    synchronized long bytes() {
        return bytes;
    }

    private static long size(EncoderReply reply) {
        return (long) reply.values().length * Float.BYTES + ENTRY_OVERHEAD;
    }

    /** Everything the answer depends on, hashed (see {@link EncoderInput#digest}). */
    static String key(String model, Optional<Pooling> pooling, EncoderInput input) {
        return input.digest(model, pooling.map(Pooling::name).orElse(""));
    }
}
