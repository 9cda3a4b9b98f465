package dev.course.kernel.display;

import dev.course.engine.display.MimeBundle;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.imageio.ImageIO;

/**
 * Images as Jupyter shows them: {@code image/png}, the PNG's bytes in base64 (as the notebook format
 * stores them), with a text fallback giving the size.
 */
final class PngImages {

    /** Jupyter's MIME type for PNG images. */
    static final String PNG = "image/png";

    private PngImages() {
    }

    /** The image as a PNG bundle. */
    static MimeBundle bundle(RenderedImage image) {
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            if (!ImageIO.write(image, "png", png)) {
                return MimeBundle.text("[image " + image.getWidth() + "×" + image.getHeight()
                        + " that has no PNG form: its pixel layout is one ImageIO cannot write]");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not encode the image as PNG", e);
        }
        Map<String, String> data = new LinkedHashMap<>();
        data.put(PNG, Base64.getEncoder().encodeToString(png.toByteArray()));
        data.put(MimeBundle.TEXT, "[image " + image.getWidth() + "×" + image.getHeight() + "]");
        return new MimeBundle(data);
    }
}
