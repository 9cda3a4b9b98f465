package dev.course.engine.display;

import java.util.ArrayList;
import java.util.List;

/**
 * Places a text label beside each point of a chart so that labels neither overlap each other nor
 * run past the drawing's edges: the labels of a crowded map stay readable.
 *
 * <p>SVG cannot measure text before it is drawn, so a label's width is estimated from its length
 * ({@link #CHAR_WIDTH_PER_PIXEL_OF_FONT} of the font size per character, generous for sans-serif).
 * Each label tries a few spots around its point — right, left, above, below, then further out — and
 * takes the first that is free and inside the area; when none is, it takes the spot that overlaps
 * least. Labels are placed in the order given, so the first ones get the best spots.
 */
public final class LabelLayout {

    /** A label's estimated width per character, as a share of the font size. */
    static final double CHAR_WIDTH_PER_PIXEL_OF_FONT = 0.6;
    /** How far a label reaches above and below its baseline, as shares of the font size. */
    private static final double ASCENT = 0.85;
    private static final double DESCENT = 0.25;

    /**
     * Where one label goes: its text's baseline start ({@code x}, {@code y}) and anchor
     * ({@code start} or {@code end}, as SVG's {@code text-anchor}).
     */
    public record Placement(double x, double y, String anchor) {
    }

    private record Box(double left, double top, double right, double bottom) {
        double overlap(Box other) {
            double w = Math.min(right, other.right) - Math.max(left, other.left);
            double h = Math.min(bottom, other.bottom) - Math.max(top, other.top);
            return w > 0 && h > 0 ? w * h : 0;
        }
    }

    private final double width;
    private final double height;
    private final double fontSize;

    /**
     * @param width    the drawing's width: no label ends past it
     * @param height   the drawing's height
     * @param fontSize the labels' font size in pixels
     */
    public LabelLayout(double width, double height, double fontSize) {
        if (width <= 0 || height <= 0 || fontSize <= 0) {
            throw new IllegalArgumentException("width, height and fontSize must be positive");
        }
        this.width = width;
        this.height = height;
        this.fontSize = fontSize;
    }

    /** Estimated width of a label in pixels. */
    public double textWidth(String text) {
        return text.codePointCount(0, text.length()) * fontSize * CHAR_WIDTH_PER_PIXEL_OF_FONT;
    }

    /**
     * One placement per label, in order.
     *
     * @param points the points the labels belong to, as {x, y} in the drawing's pixels
     * @param labels the labels' texts, one per point
     * @param gap    the space between a point and its label
     */
    public List<Placement> place(List<double[]> points, List<String> labels, double gap) {
        if (points.size() != labels.size()) {
            throw new IllegalArgumentException(points.size() + " points for " + labels.size() + " labels");
        }
        List<Box> taken = new ArrayList<>();
        List<Placement> placements = new ArrayList<>();
        for (int i = 0; i < points.size(); i++) {
            double px = points.get(i)[0];
            double py = points.get(i)[1];
            double w = textWidth(labels.get(i));
            Placement best = null;
            Box bestBox = null;
            double bestCost = Double.MAX_VALUE;
            for (double[] spot : spots(gap)) {
                boolean right = spot[0] >= 0;
                double x = px + spot[0];
                double baseline = py + spot[1] + fontSize / 3;
                double top = baseline - ASCENT * fontSize;
                double bottom = baseline + DESCENT * fontSize;
                Box box = right ? new Box(x, top, x + w, bottom) : new Box(x - w, top, x, bottom);
                double cost = 0;
                for (Box other : taken) {
                    cost += other.overlap(box);
                }
                cost += outside(box) * 1000; // past an edge is worse than any overlap
                if (cost < bestCost) {
                    bestCost = cost;
                    best = new Placement(x, baseline, right ? "start" : "end");
                    bestBox = box;
                }
                if (cost == 0) {
                    break;
                }
            }
            taken.add(bestBox);
            placements.add(best);
        }
        return placements;
    }

    /** How far a box sticks out of the drawing, in pixels (0 if it is inside). */
    private double outside(Box box) {
        return Math.max(0, -box.left()) + Math.max(0, box.right() - width) + Math.max(0, -box.top())
                + Math.max(0, box.bottom() - height);
    }

    /** Offsets {dx, dy} from a point to try, nearest first; a negative dx puts the label on the left. */
    private double[][] spots(double gap) {
        double line = fontSize * 1.2;
        return new double[][] {
                {gap, 0}, {-gap, 0}, {gap, -line}, {gap, line}, {-gap, -line}, {-gap, line},
                {gap, -2 * line}, {gap, 2 * line}, {-gap, -2 * line}, {-gap, 2 * line},
        };
    }
}
