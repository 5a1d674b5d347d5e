package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.config.CheckpointInterval;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.io.FaultyFileSystem;
import io.klanneal.io.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run whose device fills up or turns read-only at any of its writes (config.json, the reserve,
 * metrics, checkpoints, the model, plots, run.json), on a file system that injects the faults:
 * one line naming the directory, the room left and what to do; run.json says failed where it can
 * be written; once repaired, the advice given ends the run as one that never stopped.
 */
class FullDeviceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir static Path dir;
    private static Path whole;
    private static long bytesOfAWholeRun;

    // 2 epochs of 10 steps, a checkpoint every 4 steps: five checkpoints, two model saves.
    private static TrainConfig.Builder dense(Path out) {
        return SmallRuns.dense(out)
                .set(OutputOptions.CHECKPOINT_EVERY, CheckpointInterval.parse("4"))
                .set(OptimisationOptions.THREADS, 1);
    }

    @BeforeAll
    static void trainTheUninterruptedTwin() throws Exception {
        whole = dir.resolve("whole");
        TrainRun.run(dense(whole).build());
        FaultyFileSystem counting = new FaultyFileSystem();
        TrainRun.run(dense(counting.wrap(dir.resolve("counted"))).build());
        bytesOfAWholeRun = counting.written();
    }

    @Test
    void aDeviceThatFillsAtAnyPointOfARunGetsOneLineAndTheAdviceGivenEndsTheRunAsTheUninterruptedOne()
            throws Exception {
        List<String> seen = new ArrayList<>();
        for (int eighth = 0; eighth < 8; eighth++) {
            FaultyFileSystem device = new FaultyFileSystem();
            Path run = device.wrap(dir.resolve("full-" + eighth));
            device.setFullAfter(bytesOfAWholeRun * eighth / 8);
            StorageException e = assertThrows(StorageException.class, () -> TrainRun.run(dense(run).build()),
                    "full after " + eighth + "/8 of a run's writes");
            String line = e.getMessage();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith(run + " ran out of room on its device ("), line);
            assertTrue(line.contains(" free); free space, then "), line);
            seen.add(finishAsAdvised(device, run, line));
        }
        assertTrue(seen.containsAll(Set.of("again", "anew", "resume")),
                "the faults fell before run.json, before the first checkpoint and after it: " + seen);
    }

    @Test
    void aDeviceThatTurnsReadOnlyMidRunGetsOneLineAndTheRunResumesAsTheUninterruptedOne() throws Exception {
        FaultyFileSystem device = new FaultyFileSystem();
        Path run = device.wrap(dir.resolve("read-only"));
        device.setReadOnlyAfter(bytesOfAWholeRun * 3 / 4);
        StorageException e = assertThrows(StorageException.class, () -> TrainRun.run(dense(run).build()));
        assertEquals(run + " is on a read-only file system; make it writable, then klanneal train --resume " + run,
                e.getMessage());
        // Nothing could record it: run.json still says running, which its readers take for interrupted.
        assertEquals("running", JSON.readTree(Files.readAllBytes(run.resolve("run.json"))).get("status").asText());
        assertEquals("resume", finishAsAdvised(device, run, e.getMessage()));
    }

    // Repairs the device, follows the line's advice, and checks the run ended as its twin did.
    private static String finishAsAdvised(FaultyFileSystem device, Path run, String line) throws Exception {
        String how;
        if (line.endsWith("then klanneal train --resume " + run)) {
            how = "resume";
            JsonNode record = JSON.readTree(Files.readAllBytes(run.resolve("run.json")));
            if (!line.contains("read-only")) {
                assertEquals("failed", record.get("status").asText(), line);
                assertEquals(line, record.get("error").asText());
            }
            device.repair();
            TrainRun.resume(run, b -> { }, notice -> { });
        } else if (line.endsWith("--out NEW_DIR)")) {
            // Failed before its first checkpoint: nothing to resume from, the record says why.
            how = "anew";
            assertTrue(line.endsWith("then train it again (klanneal train --config " + run.resolve("config.json")
                    + " --out NEW_DIR)"), line);
            assertEquals(line, JSON.readTree(Files.readAllBytes(run.resolve("run.json"))).get("error").asText());
            device.repair();
            Path again = device.wrap(dir.resolve(run.getFileName() + "-again"));
            TrainRun.run(RunConfigFile.read(run.resolve("config.json"), Set.of()).setOut(again).build());
            run = again;
        } else {
            assertTrue(line.endsWith("then run the same command again"), line);
            how = "again";
            assertFalse(Files.exists(run), "nothing was trained, and nothing is left: " + line);
            device.repair();
            TrainRun.run(dense(run).build());
        }
        RunFiles.assertSameRun(whole, run);
        return how;
    }
}
