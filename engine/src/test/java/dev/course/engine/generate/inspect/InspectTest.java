package dev.course.engine.generate.inspect;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.generate.LocalModel;
import dev.course.engine.generate.sample.Sampler;
import dev.course.engine.generate.train.Trainer;
import dev.course.engine.generate.train.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectTest {

    static LocalModel model;

    @BeforeAll
    static void trainATinyModel() {
        String text = "the cat sat on the mat. the dog sat on the log. ".repeat(80);
        model = new Trainer(new TrainingConfig(280, 32, 2, 4, 2, 64, 24, 8, 40, 1e-2f, 5, 0, 1, 40, 1)).train(text).toLocalModel();
    }

    @Test
    void attentionMapsAreCausalDistributions() {
        AttentionMaps maps = AttentionMaps.of(model, "the cat sat on the mat");
        assertEquals(2, maps.layers());
        assertEquals(4, maps.heads());
        int n = maps.tokens().size();
        assertEquals(n, maps.ids().length);
        for (float[][][] layer : maps.weights()) {
            for (float[][] head : layer) {
                for (int q = 0; q < n; q++) {
                    assertEquals(q + 1, head[q].length, "query " + q + " sees keys 0.." + q + " only");
                    double sum = 0;
                    for (float w : head[q]) sum += w;
                    assertEquals(1, sum, 1e-5);
                }
            }
        }
        assertEquals(1f, maps.weights()[0][0][0][0], 1e-6, "the first token can only attend to itself");
        double score = maps.previousTokenScore(1, 2);
        assertTrue(score >= 0 && score <= 1);
        double even = 0;                                   // 1/2, 1/3, ... averaged over the queries after the first
        for (int q = 1; q < n; q++) even += 1.0 / (q + 1);
        assertEquals(even / (n - 1), maps.evenSpreadScore(), 1e-12);
        // the recorded logits are the model's: the last one predicts the next token
        assertEquals(model.tokenizer().vocabularySize(), maps.logits()[n - 1].length);
    }

    @Test
    void heatmapIsAnSvgWithTheTokensOnBothAxes() {
        AttentionMaps maps = AttentionMaps.of(model, "the cat sat");
        MimeBundle bundle = maps.heatmap(0, 1).render();
        String svg = bundle.data().get(MimeBundle.SVG);
        assertTrue(svg.startsWith("<svg") && svg.endsWith("</svg>"));
        for (String token : maps.tokens()) {
            String label = token.replace(' ', '·');
            assertTrue(svg.split(java.util.regex.Pattern.quote(">" + label + "<"), -1).length - 1 >= 2,
                    "'" + label + "' labels a row and a column");
        }
        assertTrue(svg.contains("var(--fig-blue"), "uses the page's palette");
        assertTrue(bundle.data().get(MimeBundle.TEXT).startsWith("layer 0, head 1"));
    }

    @Test
    void cacheTimingMeasuresBothWays() {
        int[] prompt = model.tokenizer().encode("the cat");
        CacheTiming timing = CacheTiming.measure(model.model(), prompt, 6);
        assertEquals(6, timing.withCache().length);
        assertTrue(timing.totalWithCache() > 0 && timing.totalWithoutCache() > 0);
        assertTrue(timing.render().data().get(MimeBundle.SVG).contains("with KV cache"));
    }

    @Test
    void figuresRender() {
        var bars = ProbabilityBars.of("T = 1", Sampler.top(Sampler.softmax(new float[]{1, 2, 3}), 3, i -> "t" + i));
        assertTrue(bars.render().data().get(MimeBundle.SVG).contains("&#39;t2&#39;"));
        assertTrue(bars.text().contains("0.665"));
        var rope = new RopeRotations(64, 10000, 6, new int[]{0, 8, 31});
        assertEquals(1.0, RopeRotations.frequency(0, 64, 10000), 1e-12);
        assertTrue(rope.render().data().get(MimeBundle.TEXT).contains("pair 0 1.0000 rad"));
        var labels = List.of("a", "b");
        assertEquals(2, new ProbabilityBars(labels, List.of("x"), new double[][]{{0.5}, {1}}).labels().size());
    }

    @Test
    void nextTokenPredictionsKeepEachPositionsLogitsAndTheTokenThatFollows() {
        List<String> texts = List.of("the cat sat on the mat", "the dog sat");
        NextTokenPredictions predictions = NextTokenPredictions.of(model, texts);
        AttentionMaps first = AttentionMaps.of(model, texts.get(0)), second = AttentionMaps.of(model, texts.get(1));
        int n1 = first.ids().length, n2 = second.ids().length;
        assertEquals(n1 - 1 + n2 - 1, predictions.size(), "every position but each text's last predicts a next token");
        assertEquals(first.ids()[1], predictions.next()[0]);
        assertEquals(second.ids()[1], predictions.next()[n1 - 1], "the second text starts afresh");
        for (int i = 0; i < n1 - 1; i++) {
            assertEquals(first.logits()[i].length, predictions.logits()[i].length);
            for (int v = 0; v < first.logits()[i].length; v++) {
                assertEquals(first.logits()[i][v], predictions.logits()[i][v], 1e-5f);
            }
        }
    }
}
