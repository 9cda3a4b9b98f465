package dev.course.engine.generate.inspect;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.model.ForwardObserver;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The attention weights of every layer and head for one text, recorded by running the model over it
 * with a {@link ForwardObserver}. Also keeps the logits at each position.
 *
 * @param tokens  the text's tokens, as readable text
 * @param ids     their ids
 * @param weights {@code weights[layer][head][query][key]}
 * @param logits  {@code logits[position]}: the scores for the token after that position
 */
public record AttentionMaps(List<String> tokens, int[] ids, float[][][][] weights, float[][] logits) {

    public AttentionMaps {
        tokens = List.copyOf(tokens);
    }

    /** Runs {@code model} over {@code text} and records what every head attends to. */
    public static AttentionMaps of(LocalModel local, String text) {
        int[] ids = local.tokenizer().encode(text);
        LlamaModel model = local.model();
        int n = Math.min(ids.length, model.config().contextLength());
        int layers = model.config().layers(), heads = model.config().heads();
        float[][][][] weights = new float[layers][heads][n][];
        float[][] logits = new float[n][];
        InferenceState state = model.newState();
        ForwardObserver observer = new ForwardObserver() {
            @Override
            public boolean wantsAttention() {
                return true;
            }

            @Override
            public void attention(int layer, int head, int position, float[] w) {
                weights[layer][head][position] = w;
            }
        };
        List<String> tokens = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            logits[t] = model.forward(state, ids[t], observer).clone();
            tokens.add(local.tokenizer().display(ids[t]));
        }
        return new AttentionMaps(tokens, Arrays.copyOf(ids, n), weights, logits);
    }

    public int layers() {
        return weights.length;
    }

    public int heads() {
        return weights[0].length;
    }

    /** One head as a heatmap (layers and heads counted from 0). */
    public AttentionHeatmap heatmap(int layer, int head) {
        return new AttentionHeatmap(tokens, weights[layer][head], "layer " + layer + ", head " + head);
    }

    /** How much, on average, each head's queries attend to the token just before them: "previous-token heads" score high. */
    public double previousTokenScore(int layer, int head) {
        double sum = 0;
        for (int q = 1; q < tokens.size(); q++) sum += weights[layer][head][q][q - 1];
        return tokens.size() < 2 ? 0 : sum / (tokens.size() - 1);
    }

    /**
     * The {@link #previousTokenScore} of a head that spreads its weight evenly over every token it can
     * see: the query at position q gives {@code 1 / (q + 1)} to each. A head scoring near this has not
     * learned to look at the previous token.
     */
    public double evenSpreadScore() {
        double sum = 0;
        for (int q = 1; q < tokens.size(); q++) sum += 1.0 / (q + 1);
        return tokens.size() < 2 ? 0 : sum / (tokens.size() - 1);
    }
}
