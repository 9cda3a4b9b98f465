package dev.course.kernel.install;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Line2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * The kernel's logo in Jupyter's launcher: two arrows from a common origin, the course's first
 * picture (two vectors and the angle between them), drawn with Java2D — no font, no image file in
 * the repository. Jupyter looks for {@code logo-32x32.png} and {@code logo-64x64.png} in the
 * kernelspec directory.
 */
final class KernelLogo {

    private static final Color BACKGROUND = new Color(0x1f, 0x4e, 0x79);
    private static final Color FIRST = new Color(0x7c, 0xc4, 0xff);
    private static final Color SECOND = new Color(0xff, 0xb4, 0x54);

    private KernelLogo() {
    }

    /** Writes both sizes into the kernelspec directory. */
    static void writeInto(Path specDir) throws IOException {
        for (int size : new int[] {32, 64}) {
            ImageIO.write(draw(size), "png", specDir.resolve("logo-" + size + "x" + size + ".png").toFile());
        }
    }

    static BufferedImage draw(int size) {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            float unit = size / 32f;
            g.setColor(BACKGROUND);
            g.fill(new RoundRectangle2D.Float(0, 0, size, size, 8 * unit, 8 * unit));
            g.setStroke(new BasicStroke(3 * unit, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            float ox = 7 * unit;
            float oy = 25 * unit;
            arrow(g, FIRST, ox, oy, 26 * unit, 14 * unit, unit);
            arrow(g, SECOND, ox, oy, 15 * unit, 6 * unit, unit);
        } finally {
            g.dispose();
        }
        return image;
    }

    private static void arrow(Graphics2D g, Color colour, float x0, float y0, float x1, float y1, float unit) {
        g.setColor(colour);
        g.draw(new Line2D.Float(x0, y0, x1, y1));
        double angle = Math.atan2(y1 - y0, x1 - x0);
        double head = 5 * unit;
        for (double side : new double[] {-0.5, 0.5}) {
            g.draw(new Line2D.Double(x1, y1, x1 - head * Math.cos(angle + side), y1 - head * Math.sin(angle + side)));
        }
    }
}
