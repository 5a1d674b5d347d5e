package io.klanneal.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A write that failed because the device was full or read-only, not because the input was wrong:
 * its message names the directory, the room left there and what to do.
 */
public final class StorageException extends IOException {

    private static final String FULL = " ran out of room on its device (";
    private static final String READ_ONLY = " is on a read-only file system; make it writable";

    private StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Returns the full or read-only device behind a failure, or null when it is something else.
     *
     * @param failure what a write threw, possibly wrapped
     * @return the system's error, or null
     */
    public static IOException cause(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io && io.getMessage() != null
                    && (io.getMessage().contains("No space left on device")
                            || io.getMessage().contains("Disk quota exceeded")
                            || io.getMessage().contains("Read-only file system"))) {
                return io;
            }
        }
        return null;
    }

    /**
     * Explains a failed write in a directory.
     *
     * @param dir the directory being written
     * @param cause the system's error, from {@link #cause}
     * @param then what to do once there is room, e.g. "klanneal train --resume RUN"
     * @return the exception
     */
    public static StorageException in(Path dir, IOException cause, String then) {
        return explained(dir, cause.getMessage().contains("Read-only file system"), then, cause);
    }

    /**
     * True when a message is one of these explanations, e.g. the error a run's {@code run.json}
     * holds.
     *
     * @param message a message, or null
     * @return whether it says a device was full or read-only
     */
    public static boolean explains(String message) {
        return message != null && (message.contains(FULL) || message.contains(READ_ONLY));
    }

    /**
     * Explains, for a directory holding others, a failure that {@link #explains} a write in one of
     * them: the same device is full or read-only.
     *
     * @param dir the directory that holds the failed one
     * @param explanation the failed directory's explanation
     * @param then what to do once there is room
     * @return the exception
     */
    public static StorageException as(Path dir, String explanation, String then) {
        return explained(dir, explanation.contains(READ_ONLY), then, null);
    }

    private static StorageException explained(Path dir, boolean readOnly, String then, IOException cause) {
        String what = readOnly ? READ_ONLY : FULL + free(dir) + " free); free space";
        return new StorageException(dir + what + ", then " + then, cause);
    }

    private static String free(Path dir) {
        try {
            long bytes = Files.getFileStore(dir).getUsableSpace();
            return bytes >= 1 << 20
                    ? String.format(Locale.ROOT, "%.1f MB", bytes / 1048576.0)
                    : String.format(Locale.ROOT, "%d KB", bytes / 1024);
        } catch (IOException | RuntimeException unknown) {
            return "an unknown amount";
        }
    }
}
