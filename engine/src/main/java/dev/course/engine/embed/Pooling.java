package dev.course.engine.embed;

/**
 * How one vector is made from the encoder's per-token vectors ({@code last_hidden_state}).
 *
 * <p>The encoder gives one 384-number vector per token; a sentence embedding needs one per text.
 * Sentence-transformers models such as all-MiniLM-L6-v2 were trained with the average of the
 * token vectors; BGE was trained to put the sentence meaning in the vector of the first token,
 * {@code [CLS]}. Using the other pooling does not crash, it just gives worse vectors: the choice is
 * part of the model, not a free setting.
 */
public enum Pooling {

    /** The average of the vectors of the real tokens; padding (mask 0) is left out. */
    MEAN {
        @Override
        void pool(float[] hidden, int offset, int length, int dim, long[] mask, float[] out) {
            int count = 0;
            for (int t = 0; t < length; t++) {
                if (mask[t] == 0) {
                    continue;
                }
                count++;
                int base = offset + t * dim;
                for (int d = 0; d < dim; d++) {
                    out[d] += hidden[base + d];
                }
            }
            for (int d = 0; d < dim; d++) {
                out[d] /= Math.max(count, 1);
            }
        }
    },

    /** The vector of the first token, {@code [CLS]}. */
    CLS {
        @Override
        void pool(float[] hidden, int offset, int length, int dim, long[] mask, float[] out) {
            System.arraycopy(hidden, offset, out, 0, dim);
        }
    };

    /**
     * Pools one sequence of a batch.
     *
     * @param hidden the batch's last hidden state, flattened as [batch][length][dim]
     * @param offset where this sequence starts in {@code hidden}
     * @param length the padded sequence length
     * @param dim    the vector size
     * @param mask   this sequence's attention mask (1 = real token, 0 = padding)
     * @param out    receives the pooled vector, not yet normalised
     */
    abstract void pool(float[] hidden, int offset, int length, int dim, long[] mask, float[] out);
}
