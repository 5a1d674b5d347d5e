package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import io.klanneal.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * SIGKILLs at random moments (in a step, a checkpoint's write, run.json's update, the report's
 * files), each followed by {@code train --resume}, until the run ends: it ends byte-identical to
 * its uninterrupted twin (dense and text, one thread). CI kills 4 times per model;
 * {@code -Dklanneal.killSoak=N} kills N times.
 */
class KillSoakTest {

    private static final int KILLS = Integer.getInteger("klanneal.killSoak", 4);

    private static final List<String> SHARED = List.of(
            "--threads", "1", "--checkpoint-every", "3", "--keep-checkpoints", "3", "--no-progress",
            "--schedule", "cyclical:cycles=2");

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of("dense", List.of("--train-limit", "1280", "--batch-size", "64", "--hidden", "64",
                        "--latent", "4"), "dense-vae-0000.params"),
                // The toy text: 32 steps an epoch, the LSTM, word dropout's random draws.
                Arguments.of("text", List.of(), "text-vae-0000.params"));
    }

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void aRunKilledAtRandomMomentsAndResumedEachTimeEndsAsItsTwin(String model, List<String> options,
            String parameters) throws Exception {
        Path root = dir;
        // Enough epochs that the run outlasts its kills.
        String epochs = Integer.toString(6 + 3 * KILLS);
        Path twin = root.resolve("twin");
        List<String> train = new ArrayList<>(List.of("train", "--model", model, "--epochs", epochs));
        train.addAll(options);
        train.addAll(SHARED);
        List<String> whole = new ArrayList<>(train);
        whole.addAll(List.of("--out", twin.toString()));
        // The twin trains beside the killed run: one engine thread each.
        Process alone = CliRun.start(whole, root.resolve("twin.log"));
        try {
            killAndResumeUntilItEnds(root, train);
            assertEquals(0, alone.waitFor(), Files.readString(root.resolve("twin.log")));
        } finally {
            alone.destroyForcibly();
        }
        Path run = root.resolve("run");
        assertEquals(RunStatus.FINISHED, RunRecord.read(run).status());
        assertEquals(Files.readString(twin.resolve("steps.csv")), Files.readString(run.resolve("steps.csv")));
        assertEquals(RunFiles.metrics(twin), RunFiles.metrics(run));
        assertEquals(Files.readString(twin.resolve("kl_per_dim.csv")), Files.readString(run.resolve("kl_per_dim.csv")));
        assertArrayEquals(Files.readAllBytes(twin.resolve("model").resolve(parameters)),
                Files.readAllBytes(run.resolve("model").resolve(parameters)));
    }

    // Trains root/run with these arguments, killing it KILLS times and resuming it after each.
    private static void killAndResumeUntilItEnds(Path root, List<String> train) throws Exception {
        Path run = root.resolve("run");
        List<String> first = new ArrayList<>(train);
        first.addAll(List.of("--out", run.toString()));
        Random moments = new Random(KILLS);
        int kills = 0;
        int attempts = 0;
        List<String> command = first;
        while (true) {
            Process process = CliRun.start(command, root.resolve("attempt-" + attempts + ".log"));
            attempts++;
            // The kill falls anywhere from the moment the process holds the run (restoring, a step,
            // a checkpoint, run.json, the report) to a second later.
            awaitHolder(run, process);
            if (kills < KILLS && !process.waitFor(moments.nextInt(1000), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                kills++;
            } else {
                assertEquals(0, process.waitFor(), Files.readString(root.resolve("attempt-" + (attempts - 1) + ".log")));
                break;
            }
            // A kill before the first checkpoint leaves nothing to resume: that run starts again.
            command = io.klanneal.record.CheckpointStore.resumable(run)
                    ? List.of("train", "--resume", run.toString())
                    : restart(run, first);
        }
        assertTrue(kills == KILLS, "the run ended after " + kills + " of " + KILLS + " kills");
    }

    private static void awaitHolder(Path run, Process process) throws Exception {
        Path lock = run.resolve(io.klanneal.record.RunDirectory.LOCK_FILE);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (process.isAlive() && System.nanoTime() < deadline) {
            if (Files.isRegularFile(lock) && Files.readString(lock).startsWith("pid " + process.pid() + " ")) {
                return;
            }
            Thread.sleep(5);
        }
    }

    private static List<String> restart(Path run, List<String> first) throws java.io.IOException {
        io.klanneal.io.AtomicFiles.deleteTree(run);
        return first;
    }
}
