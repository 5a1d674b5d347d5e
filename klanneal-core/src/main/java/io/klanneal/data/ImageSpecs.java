package io.klanneal.data;

import java.io.IOException;
import java.nio.file.Path;

/** Turns a {@code --data} value into images: {@code generated}, {@code fashion-mnist} or {@code idx:DIR}. */
public final class ImageSpecs {

    /** Training images in the generated default. */
    public static final int GENERATED_TRAIN = 6000;

    /** Validation images in the generated default. */
    public static final int GENERATED_VALIDATION = 1000;

    private ImageSpecs() {}

    /** Returns the value with an {@code idx:DIR} directory made absolute; other values as they are. */
    public static String absolute(String spec) {
        return spec.startsWith("idx:") && spec.length() > 4
                ? "idx:" + Path.of(spec.substring(4)).toAbsolutePath().normalize()
                : spec;
    }

    /**
     * Loads the images a {@code --data} value names.
     *
     * @param spec {@code generated}, {@code fashion-mnist} or {@code idx:DIR}
     * @param seed seeds the generated images
     * @return training and validation images
     * @throws IOException naming the file that is missing or corrupt
     * @throws IllegalArgumentException for a value that names no image source
     */
    public static Splits<ImageData> load(String spec, long seed) throws IOException {
        if (spec.equals("generated")) {
            return ImageSources.generated(seed, GENERATED_TRAIN, GENERATED_VALIDATION);
        }
        if (spec.equals("fashion-mnist")) {
            return ImageSources.fashionMnist();
        }
        if (spec.startsWith("idx:") && spec.length() > 4) {
            return ImageSources.idxDirectory(Path.of(spec.substring(4)));
        }
        throw new IllegalArgumentException(
                "option data '" + spec + "' names no image source; expected generated,"
                        + " fashion-mnist or idx:DIR (a directory with train-images-idx3-ubyte"
                        + " and t10k-images-idx3-ubyte)");
    }
}
