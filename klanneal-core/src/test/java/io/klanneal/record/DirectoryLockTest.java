package io.klanneal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A directory's lock: one holder at a time, named in the refusal; a dead holder's file is taken. */
class DirectoryLockTest {

    @TempDir Path dir;

    @Test
    void aSecondHolderIsRefusedUntilTheFirstReleases() throws Exception {
        DirectoryLock first = DirectoryLock.acquire(dir, "trained", "klanneal train");
        DirectoryLock.HeldException held = assertThrows(
                DirectoryLock.HeldException.class, () -> DirectoryLock.acquire(dir, "trained", "klanneal train"));
        assertEquals(dir + " is still being trained by another process (this process, pid "
                + ProcessHandle.current().pid() + "); wait for it to end or stop it, then try again", held.getMessage());
        assertTrue(Files.readString(dir.resolve(RunDirectory.LOCK_FILE)).startsWith(
                "pid " + ProcessHandle.current().pid() + " on "), "the refusal did not disturb the holder's file");
        first.close();
        assertFalse(Files.exists(dir.resolve(RunDirectory.LOCK_FILE)), "released: the file is gone");
        DirectoryLock.acquire(dir, "trained", "klanneal train --resume").close();
    }

    @Test
    void theFileOfAHolderThatDiedIsTakenOver() throws Exception {
        Files.writeString(dir.resolve(RunDirectory.LOCK_FILE), "pid 1 on elsewhere since then: klanneal compare\n");
        try (DirectoryLock lock = DirectoryLock.acquire(dir, "compared", "klanneal compare")) {
            assertTrue(Files.readString(dir.resolve(RunDirectory.LOCK_FILE)).matches(
                    "pid " + ProcessHandle.current().pid() + " on .* since .*: klanneal compare\n"));
        }
    }
}
