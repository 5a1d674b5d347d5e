package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run on a device that fills up: one line naming the directory, the room left and the resume,
 * exit code 1, run.json saying failed; after room is made, the resumed run ends as one never
 * stopped. On a real 2 MB tmpfs, which the test mounts (root only; skipped elsewhere).
 */
class FullDiskTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    // A small dense model: a checkpoint is ~1.2 MB, so the second one does not fit in 2 MB.
    private static final List<String> DENSE = List.of(
            "train", "--model", "dense", "--train-limit", "1280", "--batch-size", "64", "--hidden", "64",
            "--latent", "4", "--epochs", "3", "--threads", "1", "--checkpoint-every", "5", "--no-progress");

    @TempDir Path dir;
    private Path disk;

    private static boolean sh(String command) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    }

    @BeforeEach
    void mountASmallDisk() throws Exception {
        disk = Files.createDirectories(dir.resolve("disk"));
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")) && sh("mount -t tmpfs -o size=2m tmpfs " + disk),
                "mounting a small tmpfs needs root; the full-disk test is skipped");
    }

    @AfterEach
    void unmount() throws Exception {
        sh("umount " + disk);
    }

    @Test
    void aFullDeviceStopsTheRunWithOneLineAndItResumesOnceThereIsRoom() throws Exception {
        Path run = disk.resolve("run");
        CliRun full = new CliRun();
        assertEquals(1, full.run(concat(DENSE, "--out", run.toString())), full.err.toString());
        String error = full.err.toString().strip();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("klanneal: error: " + run + " ran out of room on its device ("), error);
        assertTrue(error.endsWith(" free); free space, then klanneal train --resume " + run), error);
        JsonNode record = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals("failed", record.get("status").asText());
        assertEquals(error.substring("klanneal: error: ".length()), record.get("error").asText());

        assertTrue(sh("mount -o remount,size=64m tmpfs " + disk), "room made");
        CliRun resumed = new CliRun();
        assertEquals(0, resumed.run("train", "--resume", run.toString()), resumed.err.toString());
        Path whole = dir.resolve("whole");
        assertEquals(0, new CliRun().run(concat(DENSE, "--out", whole.toString())));
        assertEquals(Files.readString(whole.resolve("steps.csv")), Files.readString(run.resolve("steps.csv")));
        assertEquals(RunFiles.metrics(whole), RunFiles.metrics(run));
        assertArrayEquals(Files.readAllBytes(whole.resolve("model/dense-vae-0000.params")),
                Files.readAllBytes(run.resolve("model/dense-vae-0000.params")));
    }

    @Test
    void aComparisonWhoseDeviceFillsStopsWithOneLineAndTheSameCompareAgainEndsIt() throws Exception {
        Path out = disk.resolve("cmp");
        // One at a time, so that a run is still to start when the device fills.
        List<String> compare = new ArrayList<>(List.of("compare", "--schedules", "constant:beta=1;monotonic",
                "--jobs", "1", "--out", out.toString()));
        compare.addAll(DENSE.subList(1, DENSE.size()));
        CliRun full = new CliRun();
        assertEquals(1, full.run(compare.toArray(new String[0])), full.out + "\n" + full.err);
        String error = full.err.toString().strip();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("klanneal: error: " + out + " ran out of room on its device ("), error);
        assertTrue(error.endsWith(" free); free space, then run the same compare again"
                + " (finished runs are kept, the others resume)"), error);
        assertTrue(Files.notExists(out.resolve("monotonic-seed1")), "the run after the full one waits");

        assertTrue(sh("mount -o remount,size=64m tmpfs " + disk), "room made");
        CliRun again = new CliRun();
        assertEquals(0, again.run(compare.toArray(new String[0])), again.out + "\n" + again.err);
        for (String run : List.of("constant-beta-1-seed1", "monotonic-seed1")) {
            JsonNode record = JSON.readTree(out.resolve(run).resolve("run.json").toFile());
            assertEquals("finished", record.get("status").asText(), run);
        }
        assertTrue(JSON.readTree(out.resolve("constant-beta-1-seed1/run.json").toFile())
                .get("resumed_from_steps").size() > 0, "the run the device stopped resumed");
    }

    private static String[] concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }
}
