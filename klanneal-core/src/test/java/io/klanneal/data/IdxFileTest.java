package io.klanneal.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxFileTest {

    @TempDir Path dir;

    static byte[] idx(int magic, int[] dims, int values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(magic);
            for (int d : dims) {
                out.writeInt(d);
            }
            for (int i = 0; i < values; i++) {
                out.writeByte(i * 37);
            }
        }
        return bytes.toByteArray();
    }

    static void writeImages(Path dir, String split, int count, int side, boolean gzip)
            throws IOException {
        byte[] content = idx(0x803, new int[] {count, side, side}, count * side * side);
        Path file = dir.resolve(split + "-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        try (OutputStream out =
                gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    private void assertError(Path file, int dims, String expected) {
        IOException e = assertThrows(IOException.class, () -> IdxFile.read(file, dims));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void readsPlainAndGzippedFilesAlike() throws IOException {
        writeImages(dir, "train", 3, 4, false);
        Files.createDirectories(dir.resolve("gz"));
        writeImages(dir.resolve("gz"), "train", 3, 4, true);
        IdxFile plain = IdxFile.read(dir.resolve("train-images-idx3-ubyte"), 3);
        IdxFile gzipped = IdxFile.read(dir.resolve("gz/train-images-idx3-ubyte.gz"), 3);
        assertArrayEquals(new int[] {3, 4, 4}, plain.dims());
        assertArrayEquals(plain.values(), gzipped.values());
    }

    @Test
    void truncatedFileIsNamedAsTruncated() throws IOException {
        byte[] full = idx(0x803, new int[] {3, 4, 4}, 48);
        Path file = dir.resolve("short-idx3-ubyte");
        Files.write(file, Arrays.copyOf(full, full.length - 5));
        assertError(file, 3, "truncated");
    }

    @Test
    void truncatedHeaderIsNamedAsTruncated() throws IOException {
        Path file = dir.resolve("header-idx3-ubyte");
        Files.write(file, new byte[] {0, 0, 8, 3, 0, 0});
        assertError(file, 3, "truncated inside its header");
    }

    @Test
    void wrongMagicNumberIsReported() throws IOException {
        Path file = dir.resolve("text.txt");
        Files.writeString(file, "this is not an IDX file at all");
        assertError(file, 3, "bad magic number");
    }

    @Test
    void wrongNumberOfDimensionsIsReported() throws IOException {
        Path file = dir.resolve("labels-idx1-ubyte");
        Files.write(file, idx(0x801, new int[] {5}, 5));
        assertError(file, 3, "has 1 dimensions, expected 3");
    }

    @Test
    void trailingBytesAreReported() throws IOException {
        Path file = dir.resolve("long-idx3-ubyte");
        Files.write(file, idx(0x803, new int[] {1, 2, 2}, 6));
        assertError(file, 3, "data after");
    }

    @Test
    void brokenGzipIsReported() throws IOException {
        Path file = dir.resolve("broken-idx3-ubyte.gz");
        Files.writeString(file, "not gzip");
        assertError(file, 3, "not valid gzip");
    }

    @Test
    void labelCountMustMatchImageCount() throws IOException {
        writeImages(dir, "train", 3, 4, false);
        writeImages(dir, "t10k", 2, 4, false);
        Files.write(dir.resolve("train-labels-idx1-ubyte"), idx(0x801, new int[] {4}, 4));
        IOException e = assertThrows(IOException.class, () -> ImageSources.idxDirectory(dir));
        assertTrue(e.getMessage().contains("mismatched"), e.getMessage());
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte"), e.getMessage());
    }

    @Test
    void trainAndValidationImagesMustHaveTheSameSize() throws IOException {
        writeImages(dir, "train", 3, 4, false);
        writeImages(dir, "t10k", 2, 5, false);
        IOException e = assertThrows(IOException.class, () -> ImageSources.idxDirectory(dir));
        assertTrue(e.getMessage().contains("4x4") && e.getMessage().contains("5x5"), e.getMessage());
    }

    @Test
    void missingFileNamesThePathAndHowToGetData() {
        IOException e = assertThrows(IOException.class, () -> ImageSources.idxDirectory(dir));
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install -y dataset-fashion-mnist"), e.getMessage());
    }

    @Test
    void idxDirectoryScalesIntensitiesToUnitInterval() throws IOException {
        writeImages(dir, "train", 3, 4, true);
        writeImages(dir, "t10k", 2, 4, false);
        Splits<ImageData> splits = ImageSources.idxDirectory(dir);
        assertEquals(3, splits.train().count());
        assertEquals(2, splits.validation().count());
        assertEquals(37 / 255f, splits.train().pixels()[1], 1e-7);
        for (float p : splits.train().pixels()) {
            assertTrue(p >= 0 && p <= 1);
        }
    }
}
