package dev.course.engine.generate.inspect;

import dev.course.engine.display.MimeBundle;
import dev.course.engine.display.Renderable;
import dev.course.engine.display.Svg;

import java.util.Locale;

/**
 * Rotary position embedding, drawn: one circle per pair of numbers in a head, and on each circle
 * the pair's arrow at positions 0, 1, 2, ... The first pairs turn fast (they tell neighbours apart),
 * the last ones barely move (they measure long distances).
 *
 * @param headSize  numbers per head (pairs = headSize / 2)
 * @param theta     the rotary base, 10000 in Llama
 * @param positions how many positions to draw
 * @param pairs     which pairs to draw
 */
public record RopeRotations(int headSize, double theta, int positions, int[] pairs) implements Renderable {

    /** The angle by which pair {@code i} turns per position: {@code theta^(-2i/headSize)} radians. */
    public static double frequency(int pair, int headSize, double theta) {
        return Math.pow(theta, -2.0 * pair / headSize);
    }

    @Override
    public MimeBundle render() {
        int radius = 52, cell = 2 * radius + 30;
        int width = pairs.length * cell + 10, height = cell + 40;
        var svg = new StringBuilder(Svg.open(width, height, "rotary position embedding rotations"));
        for (int c = 0; c < pairs.length; c++) {
            double cx = 10 + c * cell + cell / 2.0, cy = 20 + cell / 2.0;
            double f = frequency(pairs[c], headSize, theta);
            svg.append(String.format(Locale.ROOT, "<circle cx='%s' cy='%s' r='%d' fill='none' stroke='currentColor' stroke-opacity='0.3'/>",
                    Svg.f(cx), Svg.f(cy), radius));
            for (int p = 0; p < positions; p++) {
                double angle = p * f;
                double x = cx + radius * Math.cos(angle), y = cy - radius * Math.sin(angle);
                double opacity = 1.0 - 0.8 * p / Math.max(1, positions - 1);
                svg.append(String.format(Locale.ROOT, "<line x1='%s' y1='%s' x2='%s' y2='%s' stroke='%s' stroke-width='2' stroke-opacity='%.2f'/>",
                        Svg.f(cx), Svg.f(cy), Svg.f(x), Svg.f(y), Svg.BLUE, opacity));
                svg.append(String.format(Locale.ROOT, "<text x='%s' y='%s' fill='currentColor' font-size='9' text-anchor='middle'>%d</text>",
                        Svg.f(cx + (radius + 9) * Math.cos(angle)), Svg.f(cy - (radius + 9) * Math.sin(angle) + 3), p));
            }
            svg.append(String.format(Locale.ROOT, "<text x='%s' y='%d' fill='currentColor' text-anchor='middle'>pair %d: %.3f rad/position</text>",
                    Svg.f(cx), height - 8, pairs[c], f));
        }
        svg.append("</svg>");
        var text = new StringBuilder("rotation per position:");
        for (int p : pairs) text.append(String.format(Locale.ROOT, " pair %d %.4f rad;", p, frequency(p, headSize, theta)));
        return MimeBundle.svg(svg.toString(), text.toString());
    }
}
