package io.klanneal.pixelcnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import io.klanneal.run.Plugins;
import io.klanneal.run.RunConfigFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every command of klanneal's for a model kind it knows only through a plugin jar. */
class PixelCnnPluginTest {

    // Small enough for CI: 256 generated images, a one-layer decoder, one thread.
    private static final List<String> SMALL = List.of(
            "--model", "pixelcnn", "--train-limit", "256", "--batch-size", "64", "--hidden", "32",
            "--latent", "4", "--pixel-channels", "8", "--pixel-layers", "1", "--iw-samples", "2",
            "--threads", "1", "--no-progress");

    @TempDir static Path shared;
    static Path jar;

    @TempDir Path dir;

    @BeforeAll
    static void packThePlugin() throws Exception {
        jar = Plugin.jar(shared);
    }

    private static List<String> train(Path jar, Path out, String... more) {
        List<String> args = new ArrayList<>(List.of("--plugin", jar.toString(), "train"));
        args.addAll(SMALL);
        args.addAll(List.of(more));
        args.addAll(List.of("--out", out.toString()));
        return args;
    }

    private Plugin.Result run(List<String> args) throws Exception {
        return Plugin.run(dir, args.toArray(String[]::new));
    }

    @Test
    void modelsListsThePluginsKindAndTheJarItCameFrom() throws Exception {
        Plugin.Result with = Plugin.run(dir, "--plugin", jar.toString(), "models");
        assertEquals(0, with.code(), with.output());
        assertTrue(with.output().contains("pixelcnn"), with.output());
        assertTrue(with.output().contains("from plugin " + jar), with.output());
        Plugin.Result without = Plugin.run(dir, "models");
        assertFalse(without.output().contains("pixelcnn"), "klanneal alone does not know the kind: " + without.output());
    }

    @Test
    void trainRecordsThePluginWithItsHashAndThePosteriorDiagnostics() throws Exception {
        Path out = dir.resolve("run");
        Plugin.Result result = run(train(jar, out, "--epochs", "2"));
        assertEquals(0, result.code(), result.output());
        JsonNode config = new ObjectMapper().readTree(out.resolve("config.json").toFile());
        JsonNode plugin = config.get("plugins").get(0);
        assertEquals(jar.toString(), plugin.get("path").asText());
        assertEquals(RunConfigFile.sha256(jar), plugin.get("sha256").asText());
        assertEquals(1, config.get("options").get("pixel-layers").asInt());
        String header = Files.readAllLines(out.resolve("metrics.csv")).get(0);
        for (String column : List.of("active_units", "mutual_information", "iw_nll")) {
            assertTrue(header.contains(column), column + " in " + header);
        }
        assertEquals(RunStatus.FINISHED, RunRecord.read(out).status());
        assertTrue(Files.isRegularFile(out.resolve("model/pixelcnn-vae-0000.params")));
    }

    @Test
    void bnVaeAndAggressiveTrainingReachThePluginThroughThePublicModelInterface() throws Exception {
        Path out = dir.resolve("remedies");
        Plugin.Result result = run(train(jar, out, "--epochs", "2", "--schedule", "constant:beta=1",
                "--bn-gamma", "0.5", "--aggressive", "20"));
        assertEquals(0, result.code(), result.output());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        int column = List.of(metrics.get(0).split(",")).indexOf("encoder_steps");
        assertTrue(Double.parseDouble(metrics.get(1).split(",")[column]) >= 1, "the encoder took extra steps: " + metrics);
        // The saved model holds the normalisation's parameters: eval rebuilds it from config.json.
        Plugin.Result eval = Plugin.run(dir, "eval", "--run", out.toString(), "--iw-samples", "2");
        assertEquals(0, eval.code(), eval.output());
    }

    @Test
    void evalAndSampleRebuildTheTrainedModelFromItsRunWithoutThePluginFlag() throws Exception {
        Path out = dir.resolve("run");
        assertEquals(0, run(train(jar, out, "--epochs", "2")).code());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        List<String> columns = List.of(metrics.get(0).split(","));
        double trainedElbo = Double.parseDouble(
                metrics.get(metrics.size() - 1).split(",")[columns.indexOf("validation_elbo")]);

        Plugin.Result eval = Plugin.run(dir, "eval", "--run", out.toString(), "--iw-samples", "2");
        assertEquals(0, eval.code(), eval.output());
        String elboLine = eval.output().lines().filter(l -> l.startsWith("-ELBO ")).findFirst().orElseThrow();
        double elbo = Double.parseDouble(elboLine.split(" ")[1]);
        // Its own draw of z, so not the same number; an untrained model is hundreds of nats away.
        assertEquals(trainedElbo, elbo, 0.05 * trainedElbo, eval.output());
        for (String line : List.of("active units ", "mutual information ", "IW NLL (K=2) ")) {
            assertTrue(eval.output().contains(line), line + " in " + eval.output());
        }

        Path grid = dir.resolve("grid.png");
        Plugin.Result sample = Plugin.run(dir, "sample", "--run", out.toString(), "-n", "4", "--out", grid.toString());
        assertEquals(0, sample.code(), sample.output());
        java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(grid.toFile());
        assertEquals(image.getWidth(), image.getHeight(), "4 square images in 2 rows of 2");
        byte[] first = Files.readAllBytes(grid);
        assertEquals(0, Plugin.run(dir, "sample", "--run", out.toString(), "-n", "4", "--out", grid.toString()).code());
        assertArrayEquals(first, Files.readAllBytes(grid), "the same seed draws the same samples");
        assertEquals(0, Plugin.run(dir, "sample", "--run", out.toString(), "-n", "4", "--seed", "2",
                "--out", grid.toString()).code());
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(grid)), "another seed, other samples");
    }

    @Test
    void eachKindsOptionsAreRefusedForTheOthers() throws Exception {
        Plugin.Result dense = Plugin.run(dir, "--plugin", jar.toString(), "train", "--model", "dense",
                "--pixel-layers", "2", "--out", dir.resolve("dense").toString());
        assertEquals(2, dense.code(), dense.output());
        assertTrue(dense.output().contains("the dense model does not use --pixel-layers (pixelcnn only)"),
                dense.output());
        Plugin.Result pixel = run(train(jar, dir.resolve("pixel"), "--word-dropout", "0.1"));
        assertEquals(2, pixel.code(), pixel.output());
        assertTrue(pixel.output().contains("the pixelcnn model does not use --word-dropout (text only)"),
                pixel.output());
        assertFalse(Files.exists(dir.resolve("dense")) || Files.exists(dir.resolve("pixel")));
    }

    @Test
    void aChangedOrMissingPluginIsOneLineNamingIt() throws Exception {
        Path own = Files.copy(jar, dir.resolve("own.jar"));
        Path out = dir.resolve("run");
        assertEquals(0, run(train(own, out, "--epochs", "1")).code());

        Plugin.change(own);
        Plugin.Result changed = Plugin.run(dir, "train", "--resume", out.toString(), "--epochs", "2");
        assertEquals(2, changed.code(), changed.output());
        assertEquals(1, changed.output().strip().lines().count(), changed.output());
        assertTrue(changed.output().contains("plugin " + own + " has changed since"), changed.output());

        Files.delete(own);
        Plugin.Result missing = Plugin.run(dir, "train", "--config", out.resolve("config.json").toString(),
                "--out", dir.resolve("again").toString());
        assertEquals(2, missing.code(), missing.output());
        assertTrue(missing.output().strip().startsWith("klanneal: error: plugin " + own + ", which "), missing.output());
        assertEquals(1, missing.output().strip().lines().count(), missing.output());
    }

    @Test
    void whereTheRecordedJarIsMissingASameHashCopyWhereSparkShipsJarsIsUsedAndTheJarStillRecorded() throws Exception {
        Path own = Files.copy(jar, dir.resolve("own.jar"));
        Path out = dir.resolve("run");
        // A schedule that does not depend on the run's length, so that it can be extended.
        assertEquals(0, run(train(own, out, "--epochs", "1", "--schedule", "constant:beta=1")).code());
        // As on an executor of another host: the recorded path is not there, the shipped copy is.
        Path shipped = Files.createDirectories(dir.resolve("spark-files"));
        Files.move(own, shipped.resolve("own.jar"));
        String copies = Plugins.COPIES_PROPERTY + "=" + shipped;
        Plugin.Result resumed = Plugin.runWith(List.of(copies), dir, "train", "--resume", out.toString(), "--epochs", "2");
        assertEquals(0, resumed.code(), resumed.output());
        assertEquals(2, Files.readAllLines(out.resolve("metrics.csv")).size() - 1, "trained on to epoch 2");
        JsonNode plugin = new ObjectMapper().readTree(out.resolve("config.json").toFile()).get("plugins").get(0);
        assertEquals(own.toString(), plugin.get("path").asText(), "the jar, not its copy, stays recorded");

        Plugin.change(shipped.resolve("own.jar"));
        Plugin.Result changed = Plugin.runWith(List.of(copies), dir, "train", "--resume", out.toString(), "--epochs", "3");
        assertEquals(2, changed.code(), changed.output());
        assertTrue(changed.output().contains("plugin " + shipped.resolve("own.jar") + " (a copy of " + own + ") has changed"),
                changed.output());
        Plugin.Result without = Plugin.run(dir, "train", "--resume", out.toString(), "--epochs", "3");
        assertTrue(without.output().contains("plugin " + own + ", which "), "no copy named: missing. " + without.output());
    }

    @Test
    void aRunKilledMidEpochResumesFromItsRecordedPluginAndEndsAsItsTwin() throws Exception {
        List<String> settings = List.of("--epochs", "3", "--checkpoint-every", "3", "--keep-checkpoints", "3");
        Path twin = dir.resolve("twin");
        assertEquals(0, run(train(jar, twin, settings.toArray(String[]::new))).code());

        Path killed = dir.resolve("killed");
        Process process = Plugin.start(train(jar, killed, settings.toArray(String[]::new)), dir.resolve("killed.log"));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (!CheckpointStore.resumable(killed) && process.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertTrue(process.isAlive(), "the run was still training at its first checkpoint: " + Files.readString(dir.resolve("killed.log")));
        process.destroyForcibly().waitFor();

        // No --plugin: the resumed run loads the jar its config.json records.
        Plugin.Result resumed = Plugin.run(dir, "train", "--resume", killed.toString());
        assertEquals(0, resumed.code(), resumed.output());
        assertEquals(RunStatus.FINISHED, RunRecord.read(killed).status());
        assertEquals(Files.readString(twin.resolve("steps.csv")), Files.readString(killed.resolve("steps.csv")));
        assertArrayEquals(Files.readAllBytes(twin.resolve("model/pixelcnn-vae-0000.params")),
                Files.readAllBytes(killed.resolve("model/pixelcnn-vae-0000.params")));
    }

    @Test
    void compareRunsTheKindInTwoJobsAndReportRebuildsItsPage() throws Exception {
        Path out = dir.resolve("cmp");
        Plugin.Result compare = Plugin.run(dir, "--plugin", jar.toString(), "compare", "--model", "pixelcnn",
                "--schedules", "constant:beta=1;cyclical:cycles=2", "--jobs", "2", "--epochs", "2",
                "--train-limit", "256", "--batch-size", "64", "--hidden", "32", "--latent", "4",
                "--pixel-channels", "8", "--pixel-layers", "1", "--iw-samples", "0", "--out", out.toString());
        assertEquals(0, compare.code(), compare.output());
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size(), "a header and a row per schedule: " + summary);
        assertTrue(summary.get(0).contains("active_units"), summary.get(0));
        Path page = out.resolve("report.html");
        Files.delete(page);
        Plugin.Result report = Plugin.run(dir, "report", out.toString());
        assertEquals(0, report.code(), report.output());
        assertTrue(Files.readString(page).contains("cyclical"));
    }
}
