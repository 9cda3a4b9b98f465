package dev.course.engine.embed;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything needed to use one bundled encoder correctly: where its files are, how its token
 * vectors become one vector, and how queries must be phrased.
 *
 * @param name              a short name for tables and index metadata
 * @param onnxResource      classpath resource of the ONNX graph
 * @param tokenizerResource classpath resource of its Hugging Face tokenizer.json
 * @param pooling           how the sentence vector is taken from the token vectors
 * @param queryPrefix       text put before every query (empty for symmetric models)
 * @param dimension         length of the output vectors
 * @param maxTokens         the encoder's window, [CLS] and [SEP] included
 * @param batchSize         how many texts one encoder call runs by default (see the constants)
 */
public record ModelSpec(String name, String onnxResource, String tokenizerResource, Pooling pooling,
                        String queryPrefix, int dimension, int maxTokens, int batchSize) {

    /**
     * sentence-transformers/all-MiniLM-L6-v2: 6 layers, 384 dimensions, mean pooling, queries and
     * passages embedded alike. A float32 graph, so batching texts of similar length is exact; on a
     * 2-core machine batches of 16 length-sorted sentences ran at about 400 sentences/s against
     * about 360 one at a time (batch 4: 380, batch 32: 400).
     */
    public static final ModelSpec ALL_MINILM_L6_V2 = new ModelSpec("all-MiniLM-L6-v2",
            "all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json", Pooling.MEAN, "", 384, 512, 16);

    /**
     * BAAI/bge-small-en-v1.5, int8-quantised: 12 layers, 384 dimensions, CLS pooling, and queries
     * (not passages) get the instruction prefix the model was trained with. Batch size 1 because
     * the graph quantises activations dynamically with one scale for the whole batch tensor: in a
     * batch, one text's numbers (and the padding) change another text's vector: batches of 4 ran
     * 10% faster but some vectors drifted to cosine 0.989 from the same text embedded alone.
     */
    public static final ModelSpec BGE_SMALL_EN_V15_Q = new ModelSpec("bge-small-en-v1.5-q",
            "bge-small-en-v1.5-q.onnx", "bge-small-en-v1.5-q-tokenizer.json", Pooling.CLS,
            "Represent this sentence for searching relevant passages: ", 384, 512, 1);

    /** The encoders that ship with the course (their files are on the class path). */
    public static final List<ModelSpec> BUNDLED = List.of(ALL_MINILM_L6_V2, BGE_SMALL_EN_V15_Q);

    /** The bundled model of this name, e.g. {@code all-MiniLM-L6-v2}. */
    public static Optional<ModelSpec> bundled(String name) {
        return BUNDLED.stream().filter(spec -> spec.name().equals(name)).findFirst();
    }

    /**
     * Whether this spec runs one of the bundled graphs (with any batch size), so that a model
     * service holding that graph can compute it.
     */
    public boolean isBundled() {
        return bundled(name).map(known -> known.onnxResource().equals(onnxResource)
                && known.tokenizerResource().equals(tokenizerResource)).orElse(false);
    }

    public ModelSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(onnxResource, "onnxResource");
        Objects.requireNonNull(tokenizerResource, "tokenizerResource");
        Objects.requireNonNull(pooling, "pooling");
        Objects.requireNonNull(queryPrefix, "queryPrefix");
        if (dimension < 1 || maxTokens < 3 || batchSize < 1) {
            throw new IllegalArgumentException("dimension, maxTokens (>= 3) and batchSize must be positive");
        }
    }

    /** This spec with another query prefix, e.g. {@code ""} to measure what the prefix does. */
    public ModelSpec withQueryPrefix(String newQueryPrefix) {
        return new ModelSpec(name, onnxResource, tokenizerResource, pooling, newQueryPrefix, dimension, maxTokens, batchSize);
    }

    /** This spec with another pooling, e.g. to measure what pooling the model was not trained with does. */
    public ModelSpec withPooling(Pooling newPooling) {
        return new ModelSpec(name, onnxResource, tokenizerResource, newPooling, queryPrefix, dimension, maxTokens, batchSize);
    }

    /** This spec with another batch size, e.g. to measure what batching does. */
    public ModelSpec withBatchSize(int newBatchSize) {
        return new ModelSpec(name, onnxResource, tokenizerResource, pooling, queryPrefix, dimension, maxTokens, newBatchSize);
    }
}
