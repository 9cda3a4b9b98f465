package dev.course.engine.rag;

import dev.course.engine.embed.EmbeddingModel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The vectors of the texts one model has embedded, kept in memory so that a text met again is not
 * embedded again: the most recently used {@link #capacity} of them (384 floats each for MiniLM,
 * 1.5 KB).
 *
 * <p>Why: an evaluation asks many questions over one corpus, and the same passages come back for
 * many of them. The extractive answerer embeds every candidate sentence and every passage it is
 * given, so most of its embedding work is the same texts again: answering the course's 165
 * questions (with the index and the queries) embedded 4,302 texts, 1,767 of them distinct. Only the
 * texts not kept are embedded, in one call.
 *
 * <p>A kept vector is the one the model gave when it first embedded the text; embedded again in
 * another batch it could differ in its last bits (padding changes the shapes the encoder runs), no
 * more. The vectors handed out are shared: callers only read them.
 */
final class RememberedVectors {

    private final EmbeddingModel model;
    private final int capacity;
    private final Map<String, float[]> kept;

    RememberedVectors(EmbeddingModel model, int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.capacity = capacity;
        this.kept = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > RememberedVectors.this.capacity;
            }
        };
    }

    /** The passage vector of each text, in order ({@link EmbeddingModel#embedAll}): kept ones as kept, the rest embedded now. */
    List<float[]> embedAll(List<String> texts) {
        var found = new ArrayList<float[]>(texts.size());
        var missing = new LinkedHashSet<String>();
        synchronized (kept) {
            for (String text : texts) {
                float[] vector = kept.get(text);
                found.add(vector);
                if (vector == null) {
                    missing.add(text);
                }
            }
        }
        if (missing.isEmpty()) {
            return found;
        }
        // Embedded outside the lock: another thread's answer need not wait for this one's encoder.
        List<String> fresh = List.copyOf(missing);
        List<float[]> vectors = model.embedAll(fresh);
        var now = new HashMap<String, float[]>();
        for (int i = 0; i < fresh.size(); i++) {
            now.put(fresh.get(i), vectors.get(i));
        }
        synchronized (kept) {
            kept.putAll(now);
        }
        for (int i = 0; i < texts.size(); i++) {
            if (found.get(i) == null) {
                found.set(i, now.get(texts.get(i)));
            }
        }
        return found;
    }

    /** How many vectors are kept now (at most {@link #capacity}). */
    int size() {
        synchronized (kept) {
            return kept.size();
        }
    }
}
