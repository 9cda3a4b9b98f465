package dev.course.engine.generate.model;

/**
 * The keys and values of every position seen so far, per layer. A new token computes its own key
 * and value once and appends them; its query then attends over the cache instead of recomputing
 * the whole prefix. Size: {@code 2 x layers x positions x kvDim} floats, which is why grouped-query
 * attention (fewer key/value heads) saves memory.
 */
public final class KvCache {

    final float[][] keys;
    final float[][] values;
    private final int kvDim;
    private final int capacity;

    public KvCache(LlamaConfig config) {
        this.kvDim = config.kvDim();
        this.capacity = config.contextLength();
        this.keys = new float[config.layers()][capacity * kvDim];
        this.values = new float[config.layers()][capacity * kvDim];
    }

    /** How many positions fit. */
    public int capacity() {
        return capacity;
    }

    /** Floats per position per layer, for keys (and again for values). */
    public int kvDim() {
        return kvDim;
    }

    /** Bytes taken by {@code positions} positions of keys and values. */
    public long bytesFor(int positions) {
        return 2L * keys.length * positions * kvDim * Float.BYTES;
    }

    /** The key of {@code layer} at {@code position}, head {@code kvHead}, starting at the returned offset in {@link #keys(int)}. */
    public int offset(int position, int kvHead, int headSize) {
        return position * kvDim + kvHead * headSize;
    }

    public float[] keys(int layer) {
        return keys[layer];
    }

    public float[] values(int layer) {
        return values[layer];
    }
}
