package dev.course.engine.bench;

import dev.course.engine.embed.VectorMath;
import dev.course.engine.table.Table;
import dev.course.engine.table.Tabular;

import java.util.List;
import java.util.Objects;

/**
 * Sentences per second of two embedders on the same texts in the same JVM run, and how closely
 * their vectors agree.
 *
 * <p>Each side is warmed up, then the two are timed in alternation for a few rounds (so that
 * neither profits from a quieter moment of the machine) and the best round of each is kept: the
 * best is the least disturbed, which is the fairest single number on a shared machine.
 *
 * <p>The engine does not depend on any other embedding library; a caller supplies the baseline as
 * a {@link TextEmbedder} (the test suite passes langchain4j's {@code embedAll}).
 */
public final class EmbedBenchmark {

    /** Texts embedded once per side before timing starts. */
    public static final int DEFAULT_WARMUP_TEXTS = 64;
    /** Timed rounds per side. */
    public static final int DEFAULT_ROUNDS = 3;

    /** Anything that embeds a list of texts into vectors, in order. */
    @FunctionalInterface
    public interface TextEmbedder {
        List<float[]> embedAll(List<String> texts);
    }

    /**
     * @param model               which model both sides ran
     * @param texts               how many texts each round embedded
     * @param oursPerSecond       our best round, texts per second
     * @param baselinePerSecond   the baseline's best round, texts per second
     * @param meanCosine          average cosine between our vector and the baseline's for each text
     * @param minCosine           the worst such cosine
     */
    public record Result(String model, int texts, double oursPerSecond, double baselinePerSecond,
                         double meanCosine, double minCosine) implements Tabular {

        /** How many times faster ours is. */
        public double speedup() {
            return oursPerSecond / baselinePerSecond;
        }

        @Override
        public Table table() {
            return new Table("embedding throughput, " + texts + " texts",
                    List.of("model", "ours sent/s", "baseline sent/s", "speedup", "mean cosine", "min cosine"),
                    List.of(List.of(model, fmt(oursPerSecond, 1), fmt(baselinePerSecond, 1), fmt(speedup(), 2) + "x",
                            fmt(meanCosine, 5), fmt(minCosine, 5))));
        }

        @Override
        public String toString() {
            return table().toString();
        }
    }

    private EmbedBenchmark() {
    }

    public static Result run(String model, TextEmbedder ours, TextEmbedder baseline, List<String> texts) {
        return run(model, ours, baseline, texts, DEFAULT_WARMUP_TEXTS, DEFAULT_ROUNDS);
    }

    public static Result run(String model, TextEmbedder ours, TextEmbedder baseline, List<String> texts,
                             int warmupTexts, int rounds) {
        Objects.requireNonNull(ours, "ours");
        Objects.requireNonNull(baseline, "baseline");
        if (texts.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("need texts and at least one round");
        }
        List<String> warmup = texts.subList(0, Math.min(warmupTexts, texts.size()));
        ours.embedAll(warmup);
        baseline.embedAll(warmup);

        double bestOurs = 0;
        double bestBaseline = 0;
        List<float[]> ourVectors = null;
        List<float[]> baselineVectors = null;
        for (int round = 0; round < rounds; round++) {
            long t0 = System.nanoTime();
            ourVectors = ours.embedAll(texts);
            long t1 = System.nanoTime();
            baselineVectors = baseline.embedAll(texts);
            long t2 = System.nanoTime();
            bestOurs = Math.max(bestOurs, texts.size() / ((t1 - t0) / 1e9));
            bestBaseline = Math.max(bestBaseline, texts.size() / ((t2 - t1) / 1e9));
        }
        double sum = 0;
        double min = 1;
        for (int i = 0; i < texts.size(); i++) {
            double c = VectorMath.cosine(ourVectors.get(i), baselineVectors.get(i));
            sum += c;
            min = Math.min(min, c);
        }
        return new Result(model, texts.size(), bestOurs, bestBaseline, sum / texts.size(), min);
    }

    static String fmt(double value, int decimals) {
        return String.format(java.util.Locale.ROOT, "%." + decimals + "f", value);
    }
}
