package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.io.Processes;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunDirectory;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A training process does not outlive the comparison that started it, and the next one resumes it. */
class OrphanTest {

    @TempDir Path dir;

    @Test
    void aTrainingWhoseCompareIsKilledStopsAndTheNextCompareResumesIt() throws Exception {
        Path out = dir.resolve("cmp");
        List<String> compare = new ArrayList<>(List.of("compare", "--out", out.toString(), "--schedules",
                "constant:beta=1", "--seeds", "1", "--epochs", "50", "--model", "text", "--hidden", "16",
                "--embedding", "16", "--iw-samples", "0", "--threads", "1", "--no-progress",
                "--checkpoint-every", "5"));
        Process parent = CliRun.start(compare, dir.resolve("parent.log"));
        Path run = out.resolve("constant-beta-1-seed1");
        long child = awaitCheckpointedChild(run, parent);
        String started = Processes.started(ProcessHandle.of(child).orElseThrow());

        parent.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook of compare's runs
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Processes.alive(child, started) && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertFalse(Processes.alive(child, started), "the training process outlived its compare by 10 s");
        assertEquals(RunStatus.INTERRUPTED, RunRecord.read(run).status());
        assertTrue(RunRecord.read(run).error().contains("klanneal train --resume " + run),
                RunRecord.read(run).error());

        CliRun next = new CliRun();
        assertEquals(0, next.run(compare.toArray(new String[0])), next.err.toString());
        assertTrue(next.out.toString().lines().anyMatch(l -> l.matches("constant-beta-1-seed1 +resumed .*")),
                next.out.toString());
        assertEquals(RunStatus.FINISHED, RunRecord.read(run).status());
    }

    // The training process of a run, once the run has a checkpoint: its pid is in the run's lock.
    private static long awaitCheckpointedChild(Path run, Process parent) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            assertTrue(parent.isAlive(), "compare ended before its run had a checkpoint");
            Path lock = run.resolve(RunDirectory.LOCK_FILE);
            if (Files.isDirectory(run.resolve(RunDirectory.CHECKPOINTS_DIR)) && Files.isRegularFile(lock)) {
                try (Stream<Path> checkpoints = Files.list(run.resolve(RunDirectory.CHECKPOINTS_DIR))) {
                    String holder = Files.readString(lock);
                    if (checkpoints.anyMatch(c -> CheckpointStore.stepOf(c.getFileName().toString()).isPresent())
                            && holder.startsWith("pid ")) {
                        return Long.parseLong(holder.substring(4, holder.indexOf(' ', 4)));
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint of " + run + " within 2 minutes");
    }
}
