package dev.course.engine.generate.model;

/**
 * Hooks into a forward pass, for lessons and widgets that want to see inside. The model calls them
 * only when an observer is attached, so plain generation pays nothing.
 */
public interface ForwardObserver {

    /** Nobody is watching. */
    ForwardObserver NONE = new ForwardObserver() {
    };

    /**
     * The attention weights of one head for the token at {@code position}: {@code weights[t]} is how
     * much it attends to position {@code t}, for {@code t <= position}; they sum to 1. The array is
     * a fresh copy, yours to keep.
     */
    default void attention(int layer, int head, int position, float[] weights) {
    }

    /** The residual stream after layer {@code layer} (a buffer: copy it to keep it). */
    default void residual(int layer, int position, float[] x) {
    }

    /** Whether {@link #attention} should be called (copying weights costs a little). */
    default boolean wantsAttention() {
        return false;
    }
}
