package dev.course.engine.generate;

import dev.course.engine.generate.sample.SamplingConfig;

import java.util.List;
import java.util.Objects;

/**
 * What to generate.
 *
 * @param messages     the conversation; a plain prompt is one user message
 * @param chat         whether to wrap the messages in the model's chat template (false: the raw text
 *                     is continued, which is what base models and our tiny models expect)
 * @param maxTokens    the most tokens to generate
 * @param sampling     how to choose tokens
 * @param stop         strings that end the generation when they appear (not included in the text)
 * @param inspect      whether to record per-token candidates and timings
 */
public record GenerationRequest(List<ChatMessage> messages, boolean chat, int maxTokens,
                                SamplingConfig sampling, List<String> stop, boolean inspect) {

    public static final int DEFAULT_MAX_TOKENS = 128;

    public GenerationRequest {
        messages = List.copyOf(messages);
        stop = List.copyOf(stop);
        Objects.requireNonNull(sampling, "sampling");
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        if (maxTokens < 0) {
            throw new IllegalArgumentException("maxTokens must be 0 or more, got " + maxTokens);
        }
        if (stop.stream().anyMatch(String::isEmpty)) {
            throw new IllegalArgumentException("stop sequences cannot be empty");
        }
    }

    /** Continue {@code prompt} as plain text, with the default sampling. */
    public static GenerationRequest completion(String prompt) {
        return new GenerationRequest(List.of(ChatMessage.user(prompt)), false, DEFAULT_MAX_TOKENS,
                SamplingConfig.defaults(), List.of(), false);
    }

    /** Answer a conversation in the model's chat format. */
    public static GenerationRequest chat(List<ChatMessage> messages) {
        return new GenerationRequest(messages, true, DEFAULT_MAX_TOKENS, SamplingConfig.defaults(), List.of(), false);
    }

    public GenerationRequest withMaxTokens(int n) {
        return new GenerationRequest(messages, chat, n, sampling, stop, inspect);
    }

    public GenerationRequest withSampling(SamplingConfig s) {
        return new GenerationRequest(messages, chat, maxTokens, s, stop, inspect);
    }

    public GenerationRequest withStop(String... sequences) {
        return new GenerationRequest(messages, chat, maxTokens, sampling, List.of(sequences), inspect);
    }

    public GenerationRequest withInspection(boolean on) {
        return new GenerationRequest(messages, chat, maxTokens, sampling, stop, on);
    }

    public GenerationRequest withChat(boolean on) {
        return new GenerationRequest(messages, on, maxTokens, sampling, stop, inspect);
    }

    /** The messages as one text, for backends that take a single prompt. */
    public String promptText() {
        return messages.size() == 1 ? messages.getFirst().content()
                : String.join("\n", messages.stream().map(ChatMessage::content).toList());
    }
}
