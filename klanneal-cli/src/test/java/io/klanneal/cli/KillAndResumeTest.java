package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import io.klanneal.run.RunFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A real {@code klanneal train} process killed with SIGKILL in the middle of an epoch, after a
 * mid-epoch checkpoint, and continued with {@code train --resume}, ends as the same run left alone,
 * bit for bit: every step, every metric bar wall time, the KL per dimension and the parameters (one
 * engine thread).
 */
class KillAndResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> COMMON = List.of(
            "--threads", "1", "--checkpoint-every", "3", "--keep-checkpoints", "50", "--no-progress");

    @TempDir Path dir;

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "--model dense --train-limit 1280 --batch-size 64 --hidden 64 --latent 4 --epochs 4 --schedule cyclical:cycles=2",
        "--model dense --train-limit 1280 --batch-size 64 --hidden 64 --latent 4 --epochs 4 --schedule cyclical:cycles=2"
                + " --optimizer sgd:momentum=0.9 --lr 0.001 --lr-schedule cosine:restart=cycle",
        "--model text --epochs 5 --hidden 16 --embedding 16 --iw-samples 0 --schedule cyclical:cycles=2",
        "--model text --epochs 5 --hidden 16 --embedding 16 --iw-samples 0 --schedule control:target=2",
    })
    void aRunKilledMidEpochAndResumedEndsAsTheRunLeftAlone(String options) throws Exception {
        List<String> train = new ArrayList<>(List.of("train"));
        train.addAll(List.of(options.split(" ")));
        train.addAll(COMMON);

        // The run left alone trains beside the killed one: one engine thread each.
        Path whole = dir.resolve("whole");
        Process alone = run(concat(train, "--out", whole.toString()));
        Path killed = dir.resolve("killed");
        long step;
        boolean truncate = options.contains("control");
        String resumedLog = "resumed";
        try {
            Process process = run(concat(train, "--out", killed.toString()));
            JsonNode midEpoch = awaitMidEpochCheckpoint(killed, process);
            process.destroyForcibly().waitFor(); // SIGKILL
            assertEquals("running", JSON.readTree(killed.resolve("run.json").toFile()).get("status").asText(),
                    "the killed process could not say it ended");
            assertEquals(RunStatus.INTERRUPTED, RunRecord.read(killed).status(), "but its process is gone");
            // The process may have saved more before the kill landed; as if it was killed right
            // after this checkpoint, so the run resumes inside an epoch.
            step = midEpoch.get("step").asLong();
            new CheckpointStore(killed, 1).discardAfter(step);
            if (truncate) {
                // The newest checkpoint half-written: resume warns and takes the one before it.
                Path optimizer = newestCheckpoint(killed).orElseThrow().resolve("optimizer.bin");
                Files.write(optimizer, java.util.Arrays.copyOf(Files.readAllBytes(optimizer), 100));
            }

            Process resumed = run(List.of("train", "--resume", killed.toString()));
            assertEquals(0, resumed.waitFor(), log(resumedLog));
            assertEquals(0, alone.waitFor(), log(whole.getFileName().toString()));
        } finally {
            alone.destroyForcibly();
        }
        if (truncate) {
            assertTrue(log(resumedLog).contains("is incomplete or corrupt"), log(resumedLog));
        }

        assertEquals(Files.readString(whole.resolve("steps.csv")), Files.readString(killed.resolve("steps.csv")));
        assertEquals(RunFiles.metrics(whole), RunFiles.metrics(killed));
        assertEquals(Files.readString(whole.resolve("kl_per_dim.csv")), Files.readString(killed.resolve("kl_per_dim.csv")));
        assertArrayEquals(parameters(whole), parameters(killed));
        JsonNode status = JSON.readTree(killed.resolve("run.json").toFile());
        assertEquals("finished", status.get("status").asText());
        long resumedFrom = status.get("resumed_from_steps").get(0).asLong();
        if (truncate) {
            assertTrue(resumedFrom < step, status.toString());
        } else {
            assertEquals(step, resumedFrom, status.toString());
        }
    }

    @Test
    void aRunStoppedBySigtermSaysInterruptedAndCannotBeResumedWhileItRuns() throws Exception {
        Path run = dir.resolve("run");
        List<String> train = new ArrayList<>(List.of(
                "train", "--model", "text", "--epochs", "30", "--hidden", "16", "--embedding", "16",
                "--iw-samples", "0", "--out", run.toString()));
        train.addAll(COMMON);
        Process process = run(train);
        awaitMidEpochCheckpoint(run, process);

        assertEquals(RunStatus.RUNNING, RunRecord.read(run).status());
        CliRun resume = new CliRun();
        assertEquals(2, resume.run("train", "--resume", run.toString()));
        assertTrue(resume.err.toString().contains("is still being trained by another process"), resume.err.toString());

        process.destroy(); // SIGTERM
        process.waitFor();
        JsonNode status = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals("interrupted", status.get("status").asText(), status.toString());
        assertTrue(status.get("error").asText().contains("klanneal train --resume " + run), status.toString());
    }

    // Waits until the run has a complete checkpoint inside its second epoch or later.
    private static JsonNode awaitMidEpochCheckpoint(Path run, Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), "the run ended before a mid-epoch checkpoint was seen");
            Optional<Path> newest = newestCheckpoint(run);
            if (newest.isPresent()) {
                JsonNode state = JSON.readTree(newest.get().resolve("state.json").toFile());
                JsonNode position = state.get("position");
                if (position.get("epoch").asInt() >= 1 && position.get("batches").asInt() > 0) {
                    return state;
                }
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no mid-epoch checkpoint within 3 minutes");
    }

    private static Optional<Path> newestCheckpoint(Path run) throws IOException {
        Path checkpoints = io.klanneal.record.RunDirectory.at(run).checkpointsDir();
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        try (Stream<Path> entries = Files.list(checkpoints)) {
            return entries.filter(p -> CheckpointStore.stepOf(p.getFileName().toString()).isPresent())
                    .max(Comparator.comparingLong(p -> CheckpointStore.stepOf(p.getFileName().toString()).orElseThrow()));
        }
    }

    private Process run(List<String> args) throws IOException {
        String name = args.contains("--resume")
                ? Path.of(args.get(args.indexOf("--resume") + 1)).getFileName().toString().replace("killed", "resumed")
                : Path.of(args.get(args.size() - 1)).getFileName().toString();
        return CliRun.start(args, dir.resolve(name + ".log"));
    }

    private String log(String name) {
        try {
            return Files.readString(dir.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    private static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    private static byte[] parameters(Path run) throws IOException {
        try (Stream<Path> files = Files.list(run.resolve("model"))) {
            Path params = files.filter(p -> p.toString().endsWith(".params")).findFirst().orElseThrow();
            return Files.readAllBytes(params);
        }
    }
}
