package dev.course.engine.generate;

import java.util.function.Consumer;

/**
 * Something that writes text: the engine running a GGUF model, the course's own trained model, or a
 * server speaking the OpenAI chat API. RAG pipelines and lessons depend only on this.
 */
public interface Generator extends AutoCloseable {

    /** A short description, e.g. {@code SmolLM2-135M-Instruct (Q8_0, local)}. */
    String name();

    /**
     * Generates, calling {@code onText} with each new piece of text as soon as it is known (whole
     * characters only; stop sequences are held back until they are ruled out).
     */
    Generation generate(GenerationRequest request, Consumer<String> onText);

    /** Generates without streaming. */
    default Generation generate(GenerationRequest request) {
        return generate(request, piece -> { });
    }

    /** Continues {@code prompt} with default settings. */
    default String complete(String prompt) {
        return generate(GenerationRequest.completion(prompt)).text();
    }

    @Override
    default void close() {
    }
}
