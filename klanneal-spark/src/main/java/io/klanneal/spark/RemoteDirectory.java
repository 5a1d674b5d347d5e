package io.klanneal.spark;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A comparison directory behind a URI that Hadoop's FileSystem API reaches (hdfs://, s3a://, or
 * file:// on a shared mount). Training writes local files, so a task trains in a local scratch
 * directory and mirrors it here as it goes; whatever the newest mirror holds is what a retried
 * task, on any node, resumes from (a checkpoint cut off mid-copy fails its CRC check and the one
 * before it is used).
 */
final class RemoteDirectory {

    private final FileSystem fs;
    private final Path root;

    RemoteDirectory(String uri) {
        try {
            this.fs = FileSystem.get(URI.create(uri), new Configuration());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot reach " + uri + ": " + e.getMessage(), e);
        }
        this.root = new Path(uri);
    }

    /** Returns whether a URI names a remote directory, not a plain local path. */
    static boolean isRemote(String location) {
        return location.matches("[a-zA-Z][a-zA-Z0-9+.-]*:/.*");
    }

    /**
     * Copies {@code relative} (a file or a directory) into {@code local}, when it exists here.
     *
     * @return whether it existed
     */
    boolean download(String relative, java.nio.file.Path local) throws IOException {
        Path remote = new Path(root, relative);
        if (!fs.exists(remote)) {
            return false;
        }
        Files.createDirectories(local.getParent());
        fs.copyToLocalFile(false, remote, new Path(local.toUri()), true);
        return true;
    }

    /**
     * Copies every file under {@code relative} into {@code local}, leaving out directories whose
     * name is in {@code skipped} (checkpoints and parameters, which a report does not read).
     */
    void downloadTree(String relative, java.nio.file.Path local, Set<String> skipped) throws IOException {
        Path remote = new Path(root, relative);
        if (!fs.exists(remote)) {
            return;
        }
        for (FileStatus status : fs.listStatus(remote)) {
            String name = status.getPath().getName();
            if (status.isDirectory()) {
                if (!skipped.contains(name)) {
                    downloadTree(relative + "/" + name, local.resolve(name), skipped);
                }
            } else {
                Files.createDirectories(local);
                fs.copyToLocalFile(false, status.getPath(), new Path(local.resolve(name).toUri()), true);
            }
        }
    }

    /**
     * Makes {@code relative} here hold what the local directory or file holds: new and changed
     * files are copied (a file whose size and modification time match is left alone), files gone
     * locally are deleted. Training goes on meanwhile: a file it deletes before its turn (an old
     * checkpoint) is left out, as if it had gone before.
     */
    void mirror(java.nio.file.Path local, String relative) throws IOException {
        Path remote = new Path(root, relative);
        if (!Files.isDirectory(local)) {
            if (Files.isRegularFile(local)) {
                copy(local, remote);
            }
            return;
        }
        Set<String> kept = new HashSet<>();
        for (java.nio.file.Path file : files(local)) {
            String name = local.relativize(file).toString().replace('\\', '/');
            Path target = new Path(remote, name);
            try {
                FileStatus copied = statusOrNull(target);
                if (copied == null
                        || copied.getLen() != Files.size(file)
                        || copied.getModificationTime() < Files.getLastModifiedTime(file).toMillis()) {
                    copy(file, target);
                }
                kept.add(name);
            } catch (NoSuchFileException | FileNotFoundException gone) {
                // Deleted by the training since the listing.
            }
        }
        if (fs.exists(remote)) {
            deleteGone(remote, "", kept);
        }
    }

    // One call to the store, where exists() then getFileStatus() would make two.
    private FileStatus statusOrNull(Path target) throws IOException {
        try {
            return fs.getFileStatus(target);
        } catch (FileNotFoundException notCopiedYet) {
            return null;
        }
    }

    // The regular files under a directory, sorted, without those deleted while it is listed.
    private static List<java.nio.file.Path> files(java.nio.file.Path dir) throws IOException {
        List<java.nio.file.Path> files = new ArrayList<>();
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(java.nio.file.Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    files.add(file);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(java.nio.file.Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }
        });
        files.sort(null);
        return files;
    }

    private void copy(java.nio.file.Path file, Path target) throws IOException {
        fs.copyFromLocalFile(false, true, new Path(file.toUri()), target);
    }

    // Deletes what is here but no longer in the local directory (old checkpoints).
    private void deleteGone(Path dir, String prefix, Set<String> kept) throws IOException {
        for (FileStatus status : fs.listStatus(dir)) {
            String name = prefix + status.getPath().getName();
            if (status.isDirectory()) {
                boolean anyKept = kept.stream().anyMatch(k -> k.startsWith(name + "/"));
                if (!anyKept) {
                    fs.delete(status.getPath(), true);
                } else {
                    deleteGone(status.getPath(), name + "/", kept);
                }
            } else if (!kept.contains(name)) {
                fs.delete(status.getPath(), false);
            }
        }
    }
}
