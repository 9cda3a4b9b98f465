package dev.course.engine.generate.inspect;

import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.model.InferenceState;
import dev.course.engine.generate.model.LlamaModel;

import java.util.ArrayList;
import java.util.List;

/**
 * What a model predicted at every position of some texts, and the token that really came next there:
 * the data a loss is measured on. Keeping the logits (not probabilities) lets a lesson measure the loss
 * of any rule that turns them into probabilities, a temperature for one, without running the model again.
 *
 * @param logits {@code logits[i]}: the model's scores for the token after position {@code i}
 * @param next   {@code next[i]}: the token that came next there
 */
public record NextTokenPredictions(float[][] logits, int[] next) {

    public NextTokenPredictions {
        if (logits.length != next.length) {
            throw new IllegalArgumentException(logits.length + " rows of logits but " + next.length + " next tokens");
        }
        if (logits.length == 0) {
            throw new IllegalArgumentException("no positions: give texts of at least two tokens");
        }
    }

    /**
     * Runs {@code model} over each text from a fresh state (at most its context length of tokens) and
     * keeps, at every position but the last, the logits and the token that follows.
     */
    public static NextTokenPredictions of(LocalModel model, List<String> texts) {
        LlamaModel decoder = model.model();
        int context = decoder.config().contextLength();
        List<float[]> rows = new ArrayList<>();
        List<Integer> following = new ArrayList<>();
        for (String text : texts) {
            int[] ids = model.tokenizer().encode(text);
            int n = Math.min(ids.length, context);
            InferenceState state = decoder.newState();
            for (int t = 0; t + 1 < n; t++) {
                rows.add(decoder.forward(state, ids[t]).clone());
                following.add(ids[t + 1]);
            }
        }
        return new NextTokenPredictions(rows.toArray(float[][]::new), following.stream().mapToInt(Integer::intValue).toArray());
    }

    /** How many positions (predictions). */
    public int size() {
        return next.length;
    }
}
