package dev.course.engine.generate;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.generate.sample.Candidate;

import java.util.List;

/**
 * What a generation produced, and how fast.
 *
 * @param text             the generated text (without the prompt, without stop sequences)
 * @param promptTokens     tokens in the prompt (0 when the backend does not say)
 * @param generatedTokens  tokens generated
 * @param stopReason       why it stopped
 * @param promptMillis     time to process the prompt (until the first token could be sampled)
 * @param generationMillis time spent generating after the prompt
 * @param steps            per-token details when inspection was asked for, else empty
 */
public record Generation(String text, int promptTokens, int generatedTokens, StopReason stopReason,
                         double promptMillis, double generationMillis, List<Step> steps) implements Renderable {

    /** Why a generation ended. */
    public enum StopReason {
        /** The model produced an end-of-sequence or end-of-turn token. */
        END_OF_TEXT,
        /** A stop sequence appeared. */
        STOP_SEQUENCE,
        /** The token budget ran out. */
        MAX_TOKENS,
        /** The context window is full. */
        CONTEXT_FULL
    }

    /**
     * One generated token, for inspection.
     *
     * @param token      its id
     * @param text       its text
     * @param probability the probability the sampler gave it
     * @param top        the most likely candidates at this step (softmax of the raw logits)
     * @param millis     time to produce it
     */
    public record Step(int token, String text, float probability, List<Candidate> top, double millis) {
    }

    public Generation {
        steps = List.copyOf(steps);
    }

    /** Generated tokens per second (0 when nothing was generated). */
    public double tokensPerSecond() {
        return generationMillis <= 0 ? 0 : generatedTokens / (generationMillis / 1000);
    }

    /** Prompt tokens per second. */
    public double promptTokensPerSecond() {
        return promptMillis <= 0 ? 0 : promptTokens / (promptMillis / 1000);
    }

    @Override
    public MimeBundle render() {
        String summary = String.format("%d prompt tokens (%.1f tok/s), %d generated (%.1f tok/s), stopped: %s",
                promptTokens, promptTokensPerSecond(), generatedTokens, tokensPerSecond(), stopReason);
        var html = new StringBuilder("<div class='generation'><pre style='white-space:pre-wrap'>")
                .append(escape(text)).append("</pre><p><small>").append(escape(summary)).append("</small></p></div>");
        return MimeBundle.html(html.toString(), text + "\n[" + summary + "]");
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
