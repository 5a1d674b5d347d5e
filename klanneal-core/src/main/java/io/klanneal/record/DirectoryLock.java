package io.klanneal.record;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One writer per directory: the operating system's lock on the directory's {@value
 * RunDirectory#LOCK_FILE}, held by {@code train}, {@code train --resume} and {@code compare} while
 * they write there. The file names its holder (pid, host, start, command) for the one line a
 * second process gets, and is deleted when the holder is done. The system drops the lock with the
 * process however it ends, SIGKILL included, so the file a dead process left is simply taken.
 */
public final class DirectoryLock implements AutoCloseable {

    // The system's locks belong to the process, and closing any channel to the file drops them:
    // this process never opens the file of a lock it holds.
    private static final Set<Path> HELD_HERE = ConcurrentHashMap.newKeySet();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of a directory, which must exist.
     *
     * @param dir the directory
     * @param doing what the holder does there, completing "DIR is still being ...", e.g. "trained"
     * @param command the holder's command, for the message another process gets
     * @return the lock, to close when done writing
     * @throws HeldException when another process, or another part of this one, holds it
     * @throws IOException if the lock file cannot be written
     */
    public static DirectoryLock acquire(Path dir, String doing, String command) throws IOException {
        Path file = dir.resolve(RunDirectory.LOCK_FILE).toAbsolutePath().normalize();
        if (!HELD_HERE.add(file)) {
            throw new HeldException(dir, doing, "this process, pid " + ProcessHandle.current().pid());
        }
        FileChannel channel = null;
        try {
            Object before = fileKey(file);
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).strip();
                throw new HeldException(dir, doing, holder.isEmpty() ? "holder unknown" : holder);
            }
            if (!before.equals(fileKey(file))) {
                // Its holder deleted it between our look and our lock: lock the file there now.
                lock.release();
                channel.close();
                HELD_HERE.remove(file);
                return acquire(dir, doing, command);
            }
            String holder = String.format("pid %d on %s since %s: %s", ProcessHandle.current().pid(), host(),
                    Instant.now(), command);
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((holder + "\n").getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
            return new DirectoryLock(file, channel, lock);
        } catch (IOException | RuntimeException e) {
            HELD_HERE.remove(file);
            if (channel != null) {
                channel.close();
            }
            if (e instanceof OverlappingFileLockException) {
                throw new HeldException(dir, doing, "this process, pid " + ProcessHandle.current().pid());
            }
            throw e;
        }
    }

    // The file's identity, from its metadata alone: opening it again would drop this process's
    // locks on it. Creates it when missing.
    private static Object fileKey(Path file) throws IOException {
        try {
            Files.createFile(file);
        } catch (FileAlreadyExistsException exists) {
            // Another holder's, or one left by a dead process.
        }
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    /** Deletes the lock file, then releases the lock, also when the file cannot be deleted. */
    @Override
    public void close() throws IOException {
        try {
            // Deleted while still held: whoever opened it meanwhile finds it gone once it locks.
            Files.deleteIfExists(file);
        } finally {
            // On a device turned read-only the file stays; a later holder takes it over.
            try (channel) {
                lock.release();
            } finally {
                HELD_HERE.remove(file);
            }
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "an unnamed host";
        }
    }

    /** Another writer holds the directory. */
    public static final class HeldException extends IOException {
        HeldException(Path dir, String doing, String holder) {
            super(dir + " is still being " + doing + " by another process (" + holder
                    + "); wait for it to end or stop it, then try again");
        }
    }
}
