package io.klanneal.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Where images come from: an MNIST-format directory, Fashion-MNIST from Debian, or generated. */
public final class ImageSources {

    /** Where Debian's {@code dataset-fashion-mnist} package puts its IDX files. */
    public static final Path FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private static final int SIDE = 28;
    private static final int SHAPE_KINDS = 10;

    private ImageSources() {}

    /**
     * Loads Fashion-MNIST from {@link #FASHION_MNIST}.
     *
     * @return train images and the t10k images as validation
     * @throws IOException naming the path and how to install the data when it is missing
     */
    public static Splits<ImageData> fashionMnist() throws IOException {
        if (!Files.isDirectory(FASHION_MNIST)) {
            throw new IOException(
                    "Fashion-MNIST not found at " + FASHION_MNIST
                            + ": install it with `apt-get install -y dataset-fashion-mnist`,"
                            + " or set option data to idx:DIR for another MNIST-format directory");
        }
        return idxDirectory(FASHION_MNIST);
    }

    /**
     * Loads an MNIST-format directory: {@code train-images-idx3-ubyte} and {@code
     * t10k-images-idx3-ubyte}, each plain or {@code .gz}; label files, when present, must match the
     * image counts. Intensities are scaled to [0, 1] and not binarized.
     *
     * @param dir the directory
     * @return the training images and the t10k images as validation
     * @throws IOException naming the file that is missing, corrupt or mismatched
     */
    public static Splits<ImageData> idxDirectory(Path dir) throws IOException {
        List<Path> files = new ArrayList<>();
        ImageData train = images(dir, "train", files);
        ImageData validation = images(dir, "t10k", files);
        if (train.rows() != validation.rows() || train.cols() != validation.cols()) {
            throw new IOException(
                    "mismatched IDX files in " + dir + ": train images are " + train.rows() + "x"
                            + train.cols() + " but t10k images are " + validation.rows() + "x"
                            + validation.cols());
        }
        return new Splits<>(train, validation, files);
    }

    private static ImageData images(Path dir, String split, List<Path> files) throws IOException {
        Path imagesPath = find(dir, split + "-images-idx3-ubyte");
        IdxFile images = IdxFile.read(imagesPath, 3);
        files.add(imagesPath);
        Path labelsPath = findOptional(dir, split + "-labels-idx1-ubyte");
        if (labelsPath != null) {
            files.add(labelsPath);
            IdxFile labels = IdxFile.read(labelsPath, 1);
            if (labels.count() != images.count()) {
                throw new IOException(
                        "mismatched IDX files: " + imagesPath + " has " + images.count()
                                + " images but " + labelsPath + " has " + labels.count()
                                + " labels");
            }
        }
        byte[] raw = images.values();
        float[] pixels = new float[raw.length];
        for (int i = 0; i < raw.length; i++) {
            pixels[i] = (raw[i] & 0xff) / 255f;
        }
        return new ImageData(
                imagesPath.toString(), pixels, images.count(), images.dims()[1], images.dims()[2]);
    }

    private static Path find(Path dir, String base) throws IOException {
        Path found = findOptional(dir, base);
        if (found == null) {
            throw new IOException(
                    "no " + base + " (or " + base + ".gz) in " + dir
                            + ": an MNIST-format directory needs train-images-idx3-ubyte and"
                            + " t10k-images-idx3-ubyte; for Fashion-MNIST run"
                            + " `apt-get install -y dataset-fashion-mnist`");
        }
        return found;
    }

    private static Path findOptional(Path dir, String base) {
        for (Path candidate : new Path[] {dir.resolve(base), dir.resolve(base + ".gz")}) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /**
     * Generates 28x28 images of ten kinds of soft-edged shapes (discs, rings, bars, squares,
     * crosses, diagonals) at random positions and sizes: the embedded default that needs no files.
     *
     * @param seed the random seed; the same seed gives the same images
     * @param trainCount the number of training images
     * @param validationCount the number of validation images
     * @return the two sets, drawn from the same distribution
     */
    public static Splits<ImageData> generated(long seed, int trainCount, int validationCount) {
        Random random = new Random(seed);
        return new Splits<>(
                generate(random, "generated-train", trainCount),
                generate(random, "generated-validation", validationCount));
    }

    private static ImageData generate(Random random, String name, int count) {
        int dims = SIDE * SIDE;
        float[] pixels = new float[count * dims];
        for (int n = 0; n < count; n++) {
            Shape shape = randomShape(random);
            float brightness = 0.6f + 0.4f * random.nextFloat();
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    double inside = 0.5 - shape.distance(x, y); // one-pixel soft edge
                    pixels[n * dims + y * SIDE + x] =
                            brightness * (float) Math.max(0, Math.min(1, inside));
                }
            }
        }
        return new ImageData(name, pixels, count, SIDE, SIDE);
    }

    /** Signed distance from a pixel to a shape's edge: negative inside. */
    private interface Shape {
        double distance(double x, double y);
    }

    private static Shape randomShape(Random random) {
        double cx = 9 + random.nextDouble() * 10;
        double cy = 9 + random.nextDouble() * 10;
        double size = 3 + random.nextDouble() * 5;
        double width = 1 + random.nextDouble() * 1.5;
        switch (random.nextInt(SHAPE_KINDS)) {
            case 0:
                return (x, y) -> Math.hypot(x - cx, y - cy) - size;
            case 1:
                return (x, y) -> Math.abs(Math.hypot(x - cx, y - cy) - size) - width / 2;
            case 2:
                return (x, y) -> Math.max(Math.abs(y - cy) - width, Math.abs(x - cx) - size);
            case 3:
                return (x, y) -> Math.max(Math.abs(x - cx) - width, Math.abs(y - cy) - size);
            case 4:
                return (x, y) -> Math.max(Math.abs(x - cx), Math.abs(y - cy)) - size;
            case 5:
                return (x, y) ->
                        Math.abs(Math.max(Math.abs(x - cx), Math.abs(y - cy)) - size) - width / 2;
            case 6:
                return (x, y) ->
                        Math.min(
                                Math.max(Math.abs(y - cy) - width / 2, Math.abs(x - cx) - size),
                                Math.max(Math.abs(x - cx) - width / 2, Math.abs(y - cy) - size));
            case 7:
                return (x, y) ->
                        Math.max(
                                Math.abs((x - cx) - (y - cy)) / Math.sqrt(2) - width / 2,
                                Math.abs((x - cx) + (y - cy)) / Math.sqrt(2) - size);
            case 8:
                return (x, y) ->
                        Math.min(
                                Math.abs((x - cx) - (y - cy)) / Math.sqrt(2) - width / 2,
                                Math.abs((x - cx) + (y - cy)) / Math.sqrt(2) - width / 2)
                                + Math.max(0, Math.max(Math.abs(x - cx), Math.abs(y - cy)) - size);
            default:
                return (x, y) ->
                        Math.min(
                                Math.hypot(x - cx + size / 2, y - cy) - width - 1,
                                Math.hypot(x - cx - size / 2, y - cy) - width - 1);
        }
    }
}
