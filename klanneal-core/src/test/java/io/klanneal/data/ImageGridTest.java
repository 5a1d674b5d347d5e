package io.klanneal.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageGridTest {

    @TempDir Path dir;

    @Test
    void threeImagesFillTwoRowsOfTwoScaledUpInRasterOrderWithValuesClipped() throws Exception {
        // Three 1x2 images: black|white, white|black, clipped -1|2 (black|white).
        float[] pixels = {0f, 1f, 1f, 0f, -1f, 2f};
        Path file = dir.resolve("grid.png");
        ImageGrid.write(pixels, 3, 1, 2, file);
        BufferedImage image = ImageIO.read(file.toFile());
        int s = ImageGrid.SCALE;
        int g = ImageGrid.GAP;
        assertEquals(2 * (2 * s + g) + g, image.getWidth());
        assertEquals(2 * (s + g) + g, image.getHeight());
        assertEquals(0x000000, grey(image, g, g), "image 1, first pixel");
        assertEquals(0xffffff, grey(image, g + s, g), "image 1, second pixel");
        assertEquals(0xffffff, grey(image, 2 * g + 2 * s, g), "image 2 to its right");
        assertEquals(0x000000, grey(image, g, 2 * g + s), "image 3 below image 1");
        assertEquals(0xffffff, grey(image, g + s + s - 1, 2 * g + 2 * s - 1), "a whole block of scale x scale");
        assertEquals(0x808080, grey(image, 0, 0), "grey between images");
        assertEquals(0x808080, grey(image, 2 * g + 3 * s, 2 * g + 2 * s), "the fourth place stays empty");
    }

    @Test
    void valuesThatAreNotCountImagesOfTheSizeAreRefusedBeforeAnythingIsWritten() {
        Path file = dir.resolve("grid.png");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ImageGrid.write(new float[5], 3, 1, 2, file));
        assertTrue(e.getMessage().contains("5 values are not 3 images of 1x2"), e.getMessage());
        assertTrue(Files.notExists(file));
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xffffff;
    }
}
