package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.record.RunDirectory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per run and per comparison: a second process is refused, naming the first. */
class OneWriterTest {

    private static final List<String> SMALL_TEXT = List.of(
            "--model", "text", "--hidden", "16", "--embedding", "16", "--iw-samples", "0", "--threads", "1",
            "--no-progress");

    @TempDir Path dir;

    // Waits until the process holds the directory's lock: the lock file names it.
    private static void awaitLock(Path directory, Process process) throws Exception {
        Path lock = directory.resolve(RunDirectory.LOCK_FILE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the first process ended before it was seen holding " + directory);
            if (Files.isRegularFile(lock) && Files.readString(lock).startsWith("pid " + process.pid() + " ")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no lock on " + directory + " within 2 minutes");
    }

    @Test
    void aSecondCompareOnTheSameDirectoryIsRefusedAndTheFirstFinishes() throws Exception {
        Path out = dir.resolve("cmp");
        List<String> compare = new ArrayList<>(List.of("compare", "--out", out.toString(), "--schedules",
                "constant:beta=1", "--seeds", "1", "--epochs", "15"));
        compare.addAll(SMALL_TEXT);
        Process first = CliRun.start(compare, dir.resolve("first.log"));
        awaitLock(out, first);
        CliRun second = new CliRun();
        assertEquals(2, second.run(compare.toArray(new String[0])));
        assertEquals("klanneal: error: " + out + " is still being compared by another process (pid " + first.pid(),
                second.err.toString().strip().replaceAll(" on .*", ""));
        assertEquals(0, first.waitFor(), Files.readString(dir.resolve("first.log")));
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    @Test
    void aSecondResumeOfARunIsRefusedAndAKilledHoldersLockIsTaken() throws Exception {
        Path run = dir.resolve("run");
        List<String> train = new ArrayList<>(List.of("train", "--out", run.toString(), "--epochs", "2",
                "--schedule", "constant:beta=1", "--checkpoint-every", "5"));
        train.addAll(SMALL_TEXT);
        assertEquals(0, new CliRun().run(train.toArray(new String[0])));
        Process first = CliRun.start(List.of("train", "--resume", run.toString(), "--epochs", "12"),
                dir.resolve("first.log"));
        awaitLock(run, first);
        CliRun second = new CliRun();
        assertEquals(2, second.run("train", "--resume", run.toString(), "--epochs", "12"));
        assertTrue(second.err.toString().contains(run + " is still being trained by another process (pid "
                + first.pid() + " on "), second.err.toString());
        first.destroyForcibly().waitFor(); // SIGKILL: the lock file stays, the system's lock goes
        CliRun after = new CliRun();
        assertEquals(0, after.run("train", "--resume", run.toString(), "--epochs", "12"), after.err.toString());
        assertTrue(after.out.toString().contains("done: 12 epochs"), after.out.toString());
    }
}
