package io.klanneal.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes files so that a reader (or a crash) sees either the old complete file or the new complete
 * one, never a half-written file: write a temporary file beside the target, then rename it.
 */
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private AtomicFiles() {}

    /**
     * Replaces {@code target} with what {@code content} writes.
     *
     * @param target the file to create or replace
     * @param content writes the new content
     * @throws IOException if writing fails; {@code target} is then unchanged
     */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        // Not Files.createTempFile, which makes the file 0600: a run's files get the user's umask,
        // like the .params files DJL writes.
        Path tmp = dir.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            OutputStream opened;
            try {
                opened = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (FileSystemException e) {
                // Name the directory the user chose, not the hidden staging file.
                String reason = e instanceof AccessDeniedException ? "permission denied" : e.getReason();
                throw new IOException("cannot write " + target.getFileName() + " in " + dir + ": " + reason, e);
            }
            try (OutputStream out = opened) {
                content.writeTo(out);
            }
            moveIntoPlace(tmp, target);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * Replaces {@code target} with {@code text} in UTF-8.
     *
     * @param target the file
     * @param text the new content
     * @throws IOException if writing fails; {@code target} is then unchanged
     */
    public static void writeString(Path target, String text) throws IOException {
        write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Renames {@code source} to {@code target} atomically where the file system can.
     *
     * @param source a complete file in the same directory as target
     * @param target the file to create or replace
     * @throws IOException if the rename fails
     */
    public static void moveIntoPlace(Path source, Path target) throws IOException {
        try {
            Files.move(
                    source,
                    target,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(source, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Deletes a file or a directory with everything in it; nothing when it does not exist.
     *
     * @param path the file or directory
     * @throws IOException if something cannot be deleted
     */
    public static void deleteTree(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
