package dev.course.engine.generate.inspect;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;
import dev.course.engine.generate.sample.Sampler;

import java.util.Locale;

/**
 * Time per generated token with the KV cache (each step runs only the new token) and without it
 * (each step runs the whole text again from scratch). Without the cache the time grows with the
 * length of the text; with it, it stays nearly flat.
 *
 * @param withCache    milliseconds for token {@code i}, using the cache
 * @param withoutCache milliseconds for token {@code i}, recomputing everything
 */
public record CacheTiming(double[] withCache, double[] withoutCache) implements Renderable {

    /**
     * Each way is timed this many times and the fastest time of each token kept: a tiny model's token
     * takes well under a millisecond, so one compilation by the JIT or one garbage collection would
     * otherwise draw a spike taller than the effect being shown.
     */
    public static final int ROUNDS = 3;

    /** Generates {@code tokens} tokens greedily after {@code prompt}, both ways, timing each token. */
    public static CacheTiming measure(LlamaModel model, int[] prompt, int tokens) {
        int total = prompt.length + tokens;
        if (total > model.config().contextLength()) {
            throw new IllegalArgumentException("prompt + tokens must fit the context of " + model.config().contextLength());
        }
        int[] sequence = java.util.Arrays.copyOf(prompt, total);
        double[] cached = new double[tokens];
        double[] uncached = new double[tokens];
        java.util.Arrays.fill(cached, Double.MAX_VALUE);
        java.util.Arrays.fill(uncached, Double.MAX_VALUE);
        for (int round = 0; round < ROUNDS; round++) {
            InferenceState state = model.newState();
            float[] logits = null;
            for (int token : prompt) logits = model.forward(state, token);
            for (int i = 0; i < tokens; i++) {
                long start = System.nanoTime();
                int next = Sampler.argmax(logits);
                sequence[prompt.length + i] = next;
                logits = model.forward(state, next);
                cached[i] = Math.min(cached[i], (System.nanoTime() - start) / 1e6);
            }
            for (int i = 0; i < tokens; i++) {
                long start = System.nanoTime();
                InferenceState fresh = model.newState();         // forget everything: no cache to reuse
                for (int t = 0; t <= prompt.length + i; t++) model.forward(fresh, sequence[t]);
                uncached[i] = Math.min(uncached[i], (System.nanoTime() - start) / 1e6);
            }
        }
        return new CacheTiming(cached, uncached);
    }

    public double totalWithCache() {
        return java.util.Arrays.stream(withCache).sum();
    }

    public double totalWithoutCache() {
        return java.util.Arrays.stream(withoutCache).sum();
    }

    @Override
    public MimeBundle render() {
        int width = 520, height = 260, left = 50, bottom = 36, top = 20, right = 20;
        double max = 0;
        for (double v : withoutCache) max = Math.max(max, v);
        for (double v : withCache) max = Math.max(max, v);
        int n = withCache.length;
        var svg = new StringBuilder(Svg.open(width, height, "time per token with and without the KV cache"));
        svg.append(String.format(Locale.ROOT, "<g stroke='currentColor' stroke-opacity='0.4'><line x1='%d' y1='%d' x2='%d' y2='%d'/>"
                + "<line x1='%d' y1='%d' x2='%d' y2='%d'/></g>", left, top, left, height - bottom, left, height - bottom, width - right, height - bottom));
        svg.append(String.format(Locale.ROOT, "<g fill='currentColor'><text x='%d' y='%d' text-anchor='end'>%.1f ms</text>"
                        + "<text x='%d' y='%d' text-anchor='end'>0</text><text x='%d' y='%d' text-anchor='middle'>generated token</text></g>",
                left - 4, top + 4, max, left - 4, height - bottom, (left + width) / 2, height - 8));
        double[][] series = {withoutCache, withCache};
        String[] names = {"without cache", "with KV cache"};
        for (int s = 0; s < 2; s++) {
            svg.append("<polyline fill='none' stroke-width='2' stroke='").append(Svg.series(s == 0 ? 1 : 0)).append("' points='");
            for (int i = 0; i < n; i++) {
                double x = left + (width - left - right) * (n == 1 ? 0 : (double) i / (n - 1));
                double y = height - bottom - (height - top - bottom) * series[s][i] / max;
                svg.append(Svg.f(x)).append(',').append(Svg.f(y)).append(' ');
            }
            svg.append("'/>");
            svg.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='14' height='3' fill='%s'/><text x='%d' y='%d' fill='currentColor'>%s</text>",
                    left + 16, top + 4 + 16 * s, Svg.series(s == 0 ? 1 : 0), left + 34, top + 9 + 16 * s, names[s]));
        }
        svg.append("</svg>");
        return MimeBundle.svg(svg.toString(), String.format(Locale.ROOT,
                "%d tokens: %.1f ms with the KV cache, %.1f ms without (%.1fx)", n, totalWithCache(), totalWithoutCache(),
                totalWithoutCache() / totalWithCache()));
    }
}
