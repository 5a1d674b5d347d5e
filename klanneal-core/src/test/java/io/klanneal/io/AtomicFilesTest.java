package io.klanneal.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Files written atomically look like any file the user writes: the same permissions (umask). */
class AtomicFilesTest {

    @TempDir Path dir;

    @Test
    void aFileWrittenAtomicallyGetsTheUsersDefaultPermissions() throws Exception {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path atomic = dir.resolve("atomic.txt");
        AtomicFiles.writeString(atomic, "x");
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(atomic));
        try (var left = Files.list(dir)) {
            assertEquals(2, left.count(), "no temporary file left behind");
        }
    }

    @Test
    void aDirectoryThatCannotBeWrittenIsNamedNotTheStagingFile() throws Exception {
        // As root a chmod'ed directory is still writable; sysfs refuses new files to everyone.
        boolean root = "root".equals(System.getProperty("user.name"));
        Path readOnly = root ? Path.of("/sys") : Files.createDirectory(dir.resolve("read-only"));
        if (!root) {
            Files.setPosixFilePermissions(readOnly, java.nio.file.attribute.PosixFilePermissions.fromString("r-xr-xr-x"));
        }
        IOException e = org.junit.jupiter.api.Assertions.assertThrows(
                IOException.class, () -> AtomicFiles.writeString(readOnly.resolve("config.json"), "{}"));
        assertEquals("cannot write config.json in " + readOnly + ": permission denied", e.getMessage());
    }
}
