package io.klanneal.data;

/**
 * Images as intensities in [0, 1], one flattened row-major item after another.
 *
 * @param name where the images came from, for messages and reports
 * @param pixels {@code count * rows * cols} intensities
 * @param count the number of images
 * @param rows the height of one image
 * @param cols the width of one image
 */
public record ImageData(String name, float[] pixels, int count, int rows, int cols) {

    public ImageData {
        if (count < 1) {
            throw new IllegalArgumentException(name + ": no images");
        }
        if ((long) count * rows * cols != pixels.length) {
            throw new IllegalArgumentException(
                    name + ": " + pixels.length + " pixels is not " + count + " images of "
                            + rows + "x" + cols);
        }
    }

    /** Returns the number of values in one image. */
    public int dimensions() {
        return rows * cols;
    }

    /**
     * Returns the first {@code limit} images (all of them if there are fewer).
     *
     * @param limit the most images to keep
     * @return the images
     */
    public ImageData limit(int limit) {
        if (limit >= count) {
            return this;
        }
        float[] kept = java.util.Arrays.copyOf(pixels, limit * dimensions());
        return new ImageData(name, kept, limit, rows, cols);
    }
}
