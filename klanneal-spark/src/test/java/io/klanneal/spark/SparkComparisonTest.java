package io.klanneal.spark;

import static io.klanneal.spark.ChildJvms.commandLine;
import static io.klanneal.spark.ChildJvms.concat;
import static io.klanneal.spark.ChildJvms.driverAt;
import static io.klanneal.spark.ChildJvms.freePort;
import static io.klanneal.spark.ChildJvms.java;
import static io.klanneal.spark.ChildJvms.sparkDaemon;
import static io.klanneal.spark.ChildJvms.sparkHome;
import static io.klanneal.spark.ChildJvms.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.record.CheckpointStore;
import io.klanneal.run.PluginJars;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code klanneal compare --spark} against real Spark: local mode, and a standalone master with two
 * workers, each its own process, all bound to 127.0.0.1 with no web UI. (Numbers equal to
 * compare's: HdfsComparisonTest and SeveralHostsTest.) Every command is a child
 * JVM on this module's test classpath (klanneal's command line, klanneal-spark and Spark).
 */
class SparkComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> SMALL_TEXT = List.of(
            "--model", "text", "--hidden", "16", "--embedding", "16", "--iw-samples", "0", "--threads", "1",
            "--no-progress");
    private static final List<String> TWO_RUNS = List.of(
            "--epochs", "2", "--schedules", "constant:beta=1;cyclical:cycles=2");
    private static final String LOOPBACK = "127.0.0.1";

    @TempDir Path dir;

    @Test
    void aPluginsModelKindTrainsInSparkTasksThatLoadTheJarThePlanRecords() throws Exception {
        // The PixelCNN kind reaches Spark only as a jar: the processes here lack its classes.
        Path module = Path.of("..", "klanneal-pixelcnn");
        Path jar = PluginJars.pack(module.resolve("target/classes"), dir.resolve("klanneal-pixelcnn.jar"));
        Path out = dir.resolve("pixelcnn");
        List<String> command = java();
        command.addAll(driverAt(LOOPBACK));
        command.addAll(List.of("-Dai.djl.offline=true", "-cp", PluginJars.classPathWithout(module),
                "io.klanneal.cli.Klanneal", "--plugin", jar.toString(), "compare", "--model", "pixelcnn",
                "--train-limit", "128", "--batch-size", "64", "--hidden", "16", "--latent", "2",
                "--pixel-channels", "4", "--pixel-layers", "1", "--iw-samples", "0", "--threads", "1",
                "--no-progress", "--epochs", "1", "--schedules", "constant:beta=1;cyclical:cycles=2",
                "--spark", "local[2]", "--out", out.toString()));
        assertEquals(0, start(command, dir.resolve("pixelcnn.log"), LOOPBACK, Map.of()).waitFor(), log(out));
        assertEquals(2, JSON.readTree(out.resolve("spark.json").toFile()).get("runs").size());
        assertEquals(3, Files.readAllLines(out.resolve("summary.csv")).size());
        JsonNode plugin = JSON.readTree(out.resolve("cyclical-cycles-2-seed1/config.json").toFile()).get("plugins").get(0);
        assertEquals(jar.toAbsolutePath().normalize().toString(), plugin.get("path").asText());
    }

    @Test
    void aTaskWhoseTrainingIsKilledIsRetriedAndResumesFromItsCheckpoint() throws Exception {
        Path out = dir.resolve("killed");
        List<String> longer = new ArrayList<>(List.of("--spark", "local[1,3]", "--epochs", "6", "--checkpoint-every", "3",
                "--schedules", "constant:beta=1"));
        Process compare = compare(out, longer);
        Path run = out.resolve("constant-beta-1-seed1");
        ProcessHandle training = awaitTraining(run, compare);
        training.destroyForcibly(); // SIGKILL, as the OOM killer or a lost node would
        assertEquals(0, compare.waitFor(), log(out));
        JsonNode task = JSON.readTree(out.resolve("spark.json").toFile()).get("runs").get(0);
        assertEquals(2, task.get("attempt").asInt(), "the second attempt, counted from 1: " + task);
        assertTrue(log(out).contains("constant-beta-1-seed1: finished (executor driver on " + task.get("host").asText()
                + ", attempt 2, resumed)"), "the log counts attempts as spark.json does: " + log(out));
        assertFalse(log(out).contains("SLF4J"), "SLF4J's own messages stay off the terminal: " + log(out));
        assertTrue(task.get("resumed").asBoolean(), task.toString());
        JsonNode status = JSON.readTree(run.resolve("run.json").toFile());
        assertEquals("finished", status.get("status").asText());
        assertEquals(1, status.get("resumed_from_steps").size(), status.toString());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
    }

    // The master's status page says how many workers have registered.
    private static void awaitAliveWorkers(int masterUi, int workers) throws Exception {
        java.net.URI status = java.net.URI.create("http://127.0.0.1:" + masterUi + "/json/");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (var in = status.toURL().openStream()) {
                if (JSON.readTree(in).path("aliveworkers").asInt() >= workers) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // The master is still starting.
            }
            Thread.sleep(200);
        }
        throw new AssertionError(workers + " workers did not register with the master within 2 minutes");
    }

    // SeveralHostsTest runs a standalone cluster across hosts (and loses one) where network
    // namespaces can be made; this one, on one address, is for where they cannot.
    @Test
    void aStandaloneClusterSpreadsTheRunsOverBothWorkers() throws Exception {
        assumeTrue(NetworkNamespaces.unavailable() != null, "covered by SeveralHostsTest on this machine");
        int port = freePort();
        int masterUi = freePort();
        List<Process> cluster = new ArrayList<>();
        try {
            cluster.add(daemon("master", "org.apache.spark.deploy.master.Master",
                    "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", String.valueOf(masterUi)));
            String master = "spark://127.0.0.1:" + port;
            for (int w = 1; w <= 2; w++) {
                cluster.add(daemon("worker" + w, "org.apache.spark.deploy.worker.Worker",
                        "--host", "127.0.0.1", "--cores", "1", "--memory", "1g", "--webui-port",
                        String.valueOf(freePort()), "--work-dir", dir.resolve("work" + w).toString(), master));
            }
            // A job started before both workers registered may run both tasks on the first.
            awaitAliveWorkers(masterUi, 2);
            Path out = dir.resolve("cluster");
            Process compare = compare(out, concat(TWO_RUNS, "--spark", master));
            assertTrue(compare.waitFor(5, TimeUnit.MINUTES), "the job did not end in 5 minutes: " + log(out));
            assertEquals(0, compare.exitValue(), log(out));
            Set<String> executors = new HashSet<>();
            JSON.readTree(out.resolve("spark.json").toFile()).get("runs").forEach(r -> executors.add(r.get("executor").asText()));
            assertEquals(2, executors.size(), "one run on each worker's executor: " + executors);
            assertTrue(Files.isRegularFile(out.resolve("report.html")));
            for (String run : List.of("constant-beta-1-seed1", "cyclical-cycles-2-seed1")) {
                assertEquals("finished", JSON.readTree(out.resolve(run).resolve("run.json").toFile()).get("status").asText());
            }
        } finally {
            cluster.forEach(Process::destroy);
            for (Process p : cluster) {
                p.waitFor(20, TimeUnit.SECONDS);
            }
        }
    }

    private Process compare(Path out, List<String> more) throws IOException {
        return klanneal(out, concat(SMALL_TEXT, more.toArray(new String[0])));
    }

    // klanneal compare with these options, in a JVM of its own, bound to loopback.
    private Process klanneal(Path out, List<String> options) throws IOException {
        return start(ChildJvms.klanneal(out, driverAt(LOOPBACK), options), dir.resolve(out.getFileName() + ".log"),
                LOOPBACK, Map.of());
    }

    private Process daemon(String name, String mainClass, String... args) throws IOException {
        return start(sparkDaemon(sparkHome(), mainClass, args), dir.resolve(name + ".log"), LOOPBACK, Map.of());
    }

    // The training process of a run, once it has saved a checkpoint inside its second epoch.
    private static ProcessHandle awaitTraining(Path run, Process compare) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (System.nanoTime() < deadline) {
            assertTrue(compare.isAlive(), "the comparison ended before its training could be killed");
            if (Files.isDirectory(run.resolve("checkpoints"))) {
                try (Stream<Path> checkpoints = Files.list(run.resolve("checkpoints"))) {
                    boolean midEpoch = checkpoints.anyMatch(
                            c -> CheckpointStore.stepOf(c.getFileName().toString()).orElse(-1) > 40);
                    if (midEpoch) {
                        return ProcessHandle.allProcesses()
                                .filter(p -> commandLine(p.pid()).contains("\0--out\0" + run + "\0"))
                                .findFirst()
                                .orElseThrow(() -> new AssertionError("no training process for " + run));
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no checkpoint after step 40 within 3 minutes");
    }

    private String log(Path out) {
        return ChildJvms.read(dir.resolve(out.getFileName() + ".log"));
    }
}
