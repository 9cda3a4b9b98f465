package dev.course.engine.classify;

import dev.course.engine.chunk.Document;
import dev.course.engine.corpus.JdkApiCorpus;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClassifiersTest {

    private static Example at(String label, double degrees) {
        double r = Math.toRadians(degrees);
        return new Example(label + "@" + degrees, label, new float[]{(float) Math.cos(r), (float) Math.sin(r)});
    }

    private static float[] angle(double degrees) {
        return at("q", degrees).vector();
    }

    /** Three labels around the circle, noise of 8 degrees: east, north, west. */
    private static List<Example> threeDirections(long seed, int perLabel) {
        var random = new Random(seed);
        var examples = new ArrayList<Example>();
        for (int i = 0; i < perLabel; i++) {
            examples.add(at("east", random.nextGaussian() * 8));
            examples.add(at("north", 90 + random.nextGaussian() * 8));
            examples.add(at("west", 180 + random.nextGaussian() * 8));
        }
        return examples;
    }

    @Test
    void majorityPredictsTheMostFrequentTrainingLabel() {
        var train = List.of(at("a", 0), at("b", 90), at("b", 100));
        var majority = new MajorityClassifier(train);
        assertEquals("b", majority.predict(angle(0)));
        assertEquals(2.0 / 3, majority.accuracy(train), 1e-12);
    }

    @Test
    void knnVotesAndBreaksTiesBySimilarity() {
        var train = List.of(at("a", 0), at("a", 10), at("b", 40), at("b", 50), at("c", 180));
        assertEquals("a", new KnnClassifier(train, 1).predict(angle(5)));
        assertEquals("b", new KnnClassifier(train, 3).predict(angle(30)), "two b's (40, 50) outvote one a (10)");
        // k = 2 at 22 degrees: one a (10, 12 away) and one b (40, 18 away) tie 1:1; the more similar wins.
        assertEquals("a", new KnnClassifier(train, 2).predict(angle(22)));
        assertThrows(IllegalArgumentException.class, () -> new KnnClassifier(train, 6));
        assertThrows(IllegalArgumentException.class, () -> new KnnClassifier(List.of(), 1));
    }

    @Test
    void softmaxRegressionLearnsSeparableLabelsDeterministically() {
        var train = threeDirections(1, 30);
        var test = threeDirections(2, 30);
        var model = SoftmaxRegression.train(train);
        assertEquals(List.of("east", "north", "west"), model.labels());
        assertTrue(model.accuracy(test) > 0.95, "accuracy " + model.accuracy(test));
        List<Double> loss = model.trainingLoss();
        assertEquals(Math.log(3), loss.getFirst(), 1e-9, "zero weights give every label 1/3");
        for (int i = 1; i < loss.size(); i++) {
            assertTrue(loss.get(i) <= loss.get(i - 1) + 1e-12, "full-batch descent with a small step never raises the loss");
        }
        double[] p = model.probabilities(angle(90));
        assertEquals(1.0, p[0] + p[1] + p[2], 1e-9);
        assertTrue(p[1] > 0.6, "north is north: " + p[1]);
        assertArrayEquals(p, SoftmaxRegression.train(train).probabilities(angle(90)), "same examples, same model");
        assertThrows(IllegalArgumentException.class, () -> model.probabilities(new float[3]));
    }

    @Test
    void zeroShotPicksTheNearestDescription() {
        var classifier = new ZeroShotClassifier(Map.of("east", angle(0), "north", angle(90)));
        assertEquals("east", classifier.predict(angle(30)));
        assertEquals("north", classifier.predict(angle(60)));
        assertEquals(0.5, classifier.accuracy(List.of(at("east", 10), at("west", 170))), 1e-12,
                "a label without a description can never be predicted");
    }

    @Test
    void confusionMatrixCountsRightAgainstPredicted() {
        var classifier = new ZeroShotClassifier(Map.of("east", angle(0), "north", angle(90)));
        var test = List.of(at("east", 5), at("east", 80), at("north", 95), at("north", 85));
        var matrix = classifier.confusion(test);
        assertEquals(List.of("east", "north"), matrix.labels());
        assertEquals(1, matrix.count("east", "east"));
        assertEquals(1, matrix.count("east", "north"));
        assertEquals(2, matrix.count("north", "north"));
        assertEquals(0.75, matrix.accuracy(), 1e-12);
        assertTrue(matrix.toString().startsWith("accuracy 0.750"), matrix.toString());
    }

    @Test
    void kMeansFindsWellSeparatedGroupsAndIsRepeatable() {
        var examples = threeDirections(3, 40);
        var vectors = examples.stream().map(Example::vector).toList();
        var labels = examples.stream().map(Example::label).toList();
        var clustering = KMeans.cluster(vectors, 3);
        assertEquals(1.0, clustering.purity(labels), 1e-12);
        assertArrayEquals(new int[]{40, 40, 40}, java.util.Arrays.stream(clustering.sizes()).sorted().toArray());
        assertEquals(List.of("east", "north", "west"), clustering.majorityLabels(labels).stream().sorted().toList());
        assertArrayEquals(clustering.assignment(), KMeans.cluster(vectors, 3).assignment(), "the seed fixes the run");
        assertEquals(40.0 / 120, KMeans.cluster(vectors, 1).purity(labels), 1e-12, "one cluster scores the majority share");
        assertThrows(IllegalArgumentException.class, () -> KMeans.cluster(vectors, 121));
    }

    @Test
    void clusterMapHasALegendEntryPerGroup() {
        var examples = threeDirections(4, 5);
        var vectors = examples.stream().map(e -> new float[]{e.vector()[0], e.vector()[1], 0.1f}).toList();
        var map = ClusterMap.of(examples.stream().map(Example::label).toList(), vectors);
        assertEquals(Map.of("east", 5, "north", 5, "west", 5), map.legend());
        assertTrue(map.render().data().get("image/svg+xml").contains("west (5)"));
    }

    @Test
    void alternateSplitsEveryOtherExample() {
        var examples = List.of(at("a", 0), at("a", 1), at("b", 90), at("b", 91));
        var split = Example.alternate(examples);
        assertEquals(List.of(examples.get(0), examples.get(2)), split.train());
        assertEquals(List.of(examples.get(1), examples.get(3)), split.test());
    }

    @Test
    void jdkDocumentsKnowTheirPackageAndDescription() {
        var entry = new Document("java.util.Map.Entry#getKey()", "t", "K getKey()\nReturns the key.", "s");
        assertEquals("java.util", JdkApiCorpus.packageOf(entry));
        assertEquals("Returns the key.", JdkApiCorpus.description(entry));
        assertEquals("java.nio.file", JdkApiCorpus.packageOf(new Document("java.nio.file.Files", "t", "x", "s")));
    }
}
