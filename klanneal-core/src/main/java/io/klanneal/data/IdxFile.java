package io.klanneal.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * An IDX file (the MNIST format): a 4-byte magic number {@code 0 0 TYPE NDIMS}, NDIMS big-endian
 * sizes, then the unsigned bytes. Plain or gzip-compressed ({@code .gz}); only the unsigned-byte
 * type (0x08) is read, as in MNIST and Fashion-MNIST.
 *
 * @param path where it was read from
 * @param dims the size of each dimension
 * @param values the unsigned bytes, row-major
 */
public record IdxFile(Path path, int[] dims, byte[] values) {

    private static final int UNSIGNED_BYTE = 0x08;

    /** Returns the number of items (the first dimension). */
    public int count() {
        return dims[0];
    }

    /**
     * Reads an IDX file, checking its header against its length.
     *
     * @param path the file
     * @param expectedDims the number of dimensions it must have (3 for images, 1 for labels)
     * @return the file's contents
     * @throws IOException naming the file and what is wrong with it
     */
    public static IdxFile read(Path path, int expectedDims) throws IOException {
        boolean gzipped = path.getFileName().toString().endsWith(".gz");
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(path));
                DataInputStream in =
                        new DataInputStream(gzipped ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            int type = (magic >>> 8) & 0xff;
            int ndims = magic & 0xff;
            if ((magic >>> 16) != 0 || type != UNSIGNED_BYTE) {
                throw corrupt(path, String.format(
                        "bad magic number 0x%08x; an IDX file of unsigned bytes starts with 0x0000080%d",
                        magic, expectedDims));
            }
            if (ndims != expectedDims) {
                throw corrupt(path, "has " + ndims + " dimensions, expected " + expectedDims);
            }
            int[] dims = new int[ndims];
            long total = 1;
            for (int i = 0; i < ndims; i++) {
                dims[i] = in.readInt();
                if (dims[i] <= 0) {
                    throw corrupt(path, "dimension " + i + " has size " + dims[i]);
                }
                total *= dims[i];
            }
            if (total > Integer.MAX_VALUE - 8) {
                throw corrupt(path, "header claims " + total + " values, too many to load");
            }
            // What the file holds, read as it comes: a corrupt header cannot claim gigabytes of
            // memory for a file of a few bytes.
            byte[] values = in.readNBytes((int) total);
            if (values.length < total) {
                throw corrupt(path, "is truncated: header " + Arrays.toString(dims)
                        + " promises " + total + " values but the file ends after " + values.length);
            }
            if (in.read() != -1) {
                throw corrupt(path, "has data after the " + total + " values its header "
                        + Arrays.toString(dims) + " describes");
            }
            return new IdxFile(path, dims, values);
        } catch (EOFException e) {
            throw corrupt(path, "is truncated inside its header");
        } catch (ZipException e) {
            throw corrupt(path, "is not valid gzip (" + e.getMessage() + ")");
        }
    }

    private static IOException corrupt(Path path, String problem) {
        return new IOException("corrupt IDX file " + path + ": " + problem);
    }
}
