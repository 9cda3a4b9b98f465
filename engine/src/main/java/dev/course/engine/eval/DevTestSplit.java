package dev.course.engine.eval;

import java.util.ArrayList;
import java.util.Objects;

/**
 * A collection's queries cut in two: a development half, on which anything may be tuned, and a test
 * half, on which the tuned pipeline is measured once. Tuning on the queries one reports on
 * flatters the result; this split is how the course avoids it.
 *
 * <p>The cut is deterministic and needs no random seed: the queries at even positions in the
 * collection's order (the 1st, 3rd, 5th, …) are the development half, those at odd positions the
 * test half. Both halves keep all the documents and judgements.
 */
public record DevTestSplit(Dataset dev, Dataset test) {

    public DevTestSplit {
        Objects.requireNonNull(dev, "dev");
        Objects.requireNonNull(test, "test");
    }

    /** Alternating split: positions 0, 2, 4, … for development, 1, 3, 5, … for test. */
    public static DevTestSplit alternating(Dataset data) {
        if (data.queries().size() < 2) {
            throw new IllegalArgumentException("a dev/test split needs at least 2 queries, got " + data.queries().size());
        }
        var dev = new ArrayList<EvalQuery>();
        var test = new ArrayList<EvalQuery>();
        for (int i = 0; i < data.queries().size(); i++) {
            (i % 2 == 0 ? dev : test).add(data.queries().get(i));
        }
        return new DevTestSplit(new Dataset(data.name() + " (dev half)", data.documents(), dev, data.qrels()),
                new Dataset(data.name() + " (test half)", data.documents(), test, data.qrels()));
    }
}
