package io.klanneal.data;

import io.klanneal.io.AtomicFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Grey-scale images shown side by side in one PNG: a square-ish grid, each image scaled up so that
 * a 28x28 one is large enough to see, with a grey line between images.
 */
public final class ImageGrid {

    /** How many screen pixels one image pixel takes. */
    static final int SCALE = 3;
    /** Screen pixels between images. */
    static final int GAP = 2;

    private ImageGrid() {}

    /**
     * Writes the images as one PNG, atomically.
     *
     * @param pixels {@code count * rows * cols} values, image after image in raster order, 0 black
     *     and 1 white (values outside are clipped)
     * @param count the number of images
     * @param rows each image's height
     * @param cols each image's width
     * @param file where to write
     * @throws IOException if the file cannot be written
     */
    public static void write(float[] pixels, int count, int rows, int cols, Path file) throws IOException {
        if (count < 1 || rows < 1 || cols < 1 || pixels.length != (long) count * rows * cols) {
            throw new IllegalArgumentException(String.format(
                    Locale.ROOT, "%d values are not %d images of %dx%d", pixels.length, count, rows, cols));
        }
        int across = (int) Math.ceil(Math.sqrt(count));
        int down = (count + across - 1) / across;
        BufferedImage image = new BufferedImage(
                across * (cols * SCALE + GAP) + GAP, down * (rows * SCALE + GAP) + GAP, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.GRAY);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < count; i++) {
                int left = GAP + (i % across) * (cols * SCALE + GAP);
                int top = GAP + (i / across) * (rows * SCALE + GAP);
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        float value = pixels[(i * rows + r) * cols + c];
                        int grey = Math.round(255 * Math.max(0f, Math.min(1f, Float.isNaN(value) ? 0f : value)));
                        g.setColor(new Color(grey, grey, grey));
                        g.fillRect(left + c * SCALE, top + r * SCALE, SCALE, SCALE);
                    }
                }
            }
        } finally {
            g.dispose();
        }
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }
}
