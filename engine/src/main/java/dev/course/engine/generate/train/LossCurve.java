package dev.course.engine.generate.train;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;

import java.util.List;
import java.util.Locale;

/**
 * The training loss (smoothed, blue) and validation loss (orange dots) against the step, as an SVG
 * that follows the page's light or dark theme.
 */
public record LossCurve(List<TrainingRun.Point> train, List<TrainingRun.Point> validation) implements Renderable {

    static final int WIDTH = 560, HEIGHT = 280, LEFT = 48, RIGHT = 16, TOP = 16, BOTTOM = 36;
    /** Exponential moving average weight for the plotted training loss. */
    static final double SMOOTHING = 0.9;

    public LossCurve {
        train = List.copyOf(train);
        validation = List.copyOf(validation);
    }

    @Override
    public MimeBundle render() {
        if (train.isEmpty()) {
            return MimeBundle.text("no steps yet");
        }
        int maxStep = Math.max(1, Math.max(train.getLast().step(), validation.isEmpty() ? 0 : validation.getLast().step()));
        double maxLoss = 0, minLoss = Double.MAX_VALUE;
        for (var p : train) { maxLoss = Math.max(maxLoss, p.loss()); minLoss = Math.min(minLoss, p.loss()); }
        for (var p : validation) { maxLoss = Math.max(maxLoss, p.loss()); minLoss = Math.min(minLoss, p.loss()); }
        double lo = Math.floor(minLoss), hi = Math.ceil(maxLoss);
        if (hi <= lo) hi = lo + 1;
        final double low = lo, high = hi;
        var svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 %d %d' width='%d' height='%d' "
                + "font-family='sans-serif' font-size='11' role='img' aria-label='loss curve'>", WIDTH, HEIGHT, WIDTH, HEIGHT));
        svg.append("<g stroke='currentColor' stroke-opacity='0.4'>");
        svg.append(line(LEFT, TOP, LEFT, HEIGHT - BOTTOM)).append(line(LEFT, HEIGHT - BOTTOM, WIDTH - RIGHT, HEIGHT - BOTTOM));
        svg.append("</g><g fill='currentColor'>");
        for (double v = low; v <= high + 1e-9; v += Math.max(0.5, Math.round((high - low) / 4))) {
            double y = y(v, low, high);
            svg.append(String.format(Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%.1f</text>", LEFT - 6, y + 4, v));
        }
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%d</text>", WIDTH - RIGHT, HEIGHT - 20, maxStep));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>0</text>", LEFT, HEIGHT - 20));
        svg.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>step</text>", (LEFT + WIDTH) / 2, HEIGHT - 6));
        svg.append("</g><polyline fill='none' stroke='var(--fig-blue, #0072b2)' stroke-width='2' points='");
        double smooth = train.getFirst().loss();
        for (var p : train) {
            smooth = SMOOTHING * smooth + (1 - SMOOTHING) * p.loss();
            svg.append(String.format(Locale.ROOT, "%.1f,%.1f ", x(p.step(), maxStep), y(smooth, low, high)));
        }
        svg.append("'/>");
        for (var p : validation) {
            svg.append(String.format(Locale.ROOT, "<circle cx='%.1f' cy='%.1f' r='4' fill='var(--fig-orange, #d55e00)'/>",
                    x(p.step(), maxStep), y(p.loss(), low, high)));
        }
        svg.append(String.format(Locale.ROOT, "<g fill='currentColor'><rect x='%d' y='%d' width='14' height='3' fill='var(--fig-blue, #0072b2)'/>"
                + "<text x='%d' y='%d'>training loss</text><circle cx='%d' cy='%d' r='4' fill='var(--fig-orange, #d55e00)'/>"
                + "<text x='%d' y='%d'>validation loss</text></g>", WIDTH - 200, TOP + 4, WIDTH - 180, TOP + 9, WIDTH - 193, TOP + 22,
                WIDTH - 180, TOP + 26));
        svg.append("</svg>");
        String text = String.format(Locale.ROOT, "loss %.3f -> %.3f over %d steps%s", train.getFirst().loss(), train.getLast().loss(),
                train.getLast().step(), validation.isEmpty() ? "" : String.format(Locale.ROOT, ", validation %.3f", validation.getLast().loss()));
        return MimeBundle.svg(svg.toString(), text);
    }

    private static String line(double x1, double y1, double x2, double y2) {
        return String.format(Locale.ROOT, "<line x1='%.1f' y1='%.1f' x2='%.1f' y2='%.1f'/>", x1, y1, x2, y2);
    }

    private static double x(int step, int maxStep) {
        return LEFT + (WIDTH - LEFT - RIGHT) * (double) step / maxStep;
    }

    private static double y(double loss, double low, double high) {
        return TOP + (HEIGHT - TOP - BOTTOM) * (high - loss) / (high - low);
    }
}
