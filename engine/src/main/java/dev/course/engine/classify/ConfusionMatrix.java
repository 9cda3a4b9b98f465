package dev.course.engine.classify;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.table.Table;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/**
 * How often each right label (a row) was predicted as each label (a column). The diagonal is what
 * was right; everything off it says which labels a classifier takes for which, which a single
 * accuracy number hides.
 *
 * @param labels the labels, in row and column order
 * @param counts {@code counts[right][predicted]}
 */
public record ConfusionMatrix(List<String> labels, int[][] counts) implements Renderable {

    public ConfusionMatrix {
        labels = List.copyOf(labels);
        if (counts.length != labels.size()) {
            throw new IllegalArgumentException(counts.length + " rows for " + labels.size() + " labels");
        }
    }

    /** Runs {@code classifier} on every test example and counts. */
    public static ConfusionMatrix of(Classifier classifier, List<Example> test) {
        var predictions = test.stream().map(e -> classifier.predict(e.vector())).toList();
        var all = new TreeSet<String>();
        test.forEach(e -> all.add(e.label()));
        all.addAll(predictions);
        List<String> labels = List.copyOf(all);
        int[][] counts = new int[labels.size()][labels.size()];
        for (int i = 0; i < test.size(); i++) {
            counts[labels.indexOf(test.get(i).label())][labels.indexOf(predictions.get(i))]++;
        }
        return new ConfusionMatrix(labels, counts);
    }

    /** The share of examples on the diagonal. */
    public double accuracy() {
        int right = 0;
        int all = 0;
        for (int r = 0; r < counts.length; r++) {
            for (int c = 0; c < counts.length; c++) {
                all += counts[r][c];
                right += r == c ? counts[r][c] : 0;
            }
        }
        return all == 0 ? 0 : (double) right / all;
    }

    /** How many examples of label {@code right} were predicted as {@code predicted}. */
    public int count(String right, String predicted) {
        int r = labels.indexOf(right);
        int c = labels.indexOf(predicted);
        return r < 0 || c < 0 ? 0 : counts[r][c];
    }

    private Table table() {
        var header = new ArrayList<String>();
        header.add("right \\ predicted");
        header.addAll(labels);
        var rows = new ArrayList<List<String>>();
        for (int r = 0; r < labels.size(); r++) {
            var row = new ArrayList<String>();
            row.add(labels.get(r));
            for (int c = 0; c < labels.size(); c++) {
                row.add(Integer.toString(counts[r][c]));
            }
            rows.add(row);
        }
        return new Table(String.format(java.util.Locale.ROOT, "accuracy %.3f", accuracy()), header, rows);
    }

    @Override
    public MimeBundle render() {
        return table().render();
    }

    @Override
    public String toString() {
        return table().toString();
    }
}
