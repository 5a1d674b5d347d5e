package io.klanneal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ImageSourcesTest {

    @Test
    void generatedImagesAreReproducibleFromTheSeed() {
        Splits<ImageData> a = ImageSources.generated(7, 50, 10);
        Splits<ImageData> b = ImageSources.generated(7, 50, 10);
        Splits<ImageData> c = ImageSources.generated(8, 50, 10);
        assertArrayEquals(a.train().pixels(), b.train().pixels());
        assertArrayEquals(a.validation().pixels(), b.validation().pixels());
        assertFalse(Arrays.equals(a.train().pixels(), c.train().pixels()));
    }

    @Test
    void generatedImagesAreIntensitiesWithVisibleShapes() {
        ImageData train = ImageSources.generated(1, 100, 1).train();
        assertEquals(28, train.rows());
        int dims = train.dimensions();
        for (int n = 0; n < train.count(); n++) {
            double ink = 0;
            for (int i = 0; i < dims; i++) {
                float p = train.pixels()[n * dims + i];
                assertTrue(p >= 0 && p <= 1, "pixel " + p);
                ink += p;
            }
            assertTrue(ink > 5 && ink < dims * 0.6, "image " + n + " has ink " + ink);
        }
    }

    @Test
    void unknownDataSpecNamesTheChoices() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ImageSpecs.load("mnist", 1));
        assertTrue(e.getMessage().contains("fashion-mnist"), e.getMessage());
    }
}
