package io.klanneal.spark;

import static io.klanneal.spark.ChildJvms.argumentAfter;
import static io.klanneal.spark.ChildJvms.concat;
import static io.klanneal.spark.ChildJvms.driverAt;
import static io.klanneal.spark.ChildJvms.read;
import static io.klanneal.spark.ChildJvms.sparkDaemon;
import static io.klanneal.spark.ChildJvms.sparkHome;
import static io.klanneal.spark.ChildJvms.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.record.CheckpointStore;
import io.klanneal.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A standalone Spark cluster across hosts: a master (and the driver) on one network namespace, a
 * one-core worker on each of three others, each with its own address ({@link NetworkNamespaces}).
 * The runs read their plan and data and write their checkpoints in a directory all hosts share (as
 * a shared mount would be). Skipped, saying why, where namespaces cannot be made (not Linux, not
 * root).
 */
class SeveralHostsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MASTER = 0;
    private static final int WORKERS = 3;
    private static final List<String> THREE_RUNS =
            ChildJvms.longerDenseRuns("constant:beta=1;cyclical:cycles=2;monotonic:ratio=0.5");
    private static final String LOOPBACK = "127.0.0.1";

    // Kept when the test fails: the daemons' and the driver's logs say what went wrong.
    @TempDir(cleanup = CleanupMode.ON_SUCCESS) Path dir;

    @BeforeAll
    static void namespacesCanBeMade() {
        String why = NetworkNamespaces.unavailable();
        assumeTrue(why == null, () -> "skipped: " + why);
    }

    @Test
    void aLostHostsRunIsRetriedOnAnotherAndResumesWithTheNumbersOfAnUninterruptedRun() throws Exception {
        Process uninterrupted = null;
        try (NetworkNamespaces hosts = new NetworkNamespaces(1 + WORKERS)) {
            String master = "spark://" + hosts.address(MASTER) + ":7077";
            Path masterLog = dir.resolve("master.log");
            daemon(hosts, MASTER, masterLog, "org.apache.spark.deploy.master.Master",
                    "--host", hosts.address(MASTER), "--port", "7077", "--webui-port", "8080");
            for (int worker = 1; worker <= WORKERS; worker++) {
                daemon(hosts, worker, dir.resolve("worker" + worker + ".log"), "org.apache.spark.deploy.worker.Worker",
                        "--host", hosts.address(worker), "--cores", "1", "--memory", "1g", "--webui-port", "8081",
                        "--work-dir", dir.resolve("work" + worker).toString(), master);
            }
            awaitWorkers(masterLog, WORKERS);

            Path out = dir.resolve("cluster");
            Path driverLog = dir.resolve("cluster.log");
            // One run per worker from the start: the job waits for all three executors.
            List<String> flags = new ArrayList<>(driverAt(hosts.address(MASTER)));
            flags.addAll(List.of("-Dspark.cores.max=" + WORKERS, "-Dspark.scheduler.minRegisteredResourcesRatio=1.0"));
            Process compare = start(hosts.on(MASTER, ChildJvms.klanneal(out, flags, concat(THREE_RUNS, "--spark", master))),
                    driverLog, hosts.address(MASTER), Map.of());

            int lost = WORKERS;
            String lostRun = awaitCheckpointedRun(hosts, lost, out, compare, driverLog);
            hosts.killAll(lost); // worker, executor and training: the host is gone
            // The lost run on this machine, never interrupted, for its numbers (the cluster's
            // numbers equal compare's: HdfsComparisonTest).
            Path reference = dir.resolve("reference");
            String schedule = JSON.readTree(out.resolve(lostRun).resolve("config.json").toFile())
                    .get("options").get("schedule").asText();
            uninterrupted = start(ChildJvms.klanneal(reference, driverAt(LOOPBACK),
                    ChildJvms.longerDenseRuns(schedule)), dir.resolve("reference.log"), LOOPBACK, Map.of());

            assertTrue(compare.waitFor(5, TimeUnit.MINUTES), "the job did not end in 5 minutes: " + read(driverLog));
            assertEquals(0, compare.exitValue(), read(driverLog));
            assertTrue(uninterrupted.waitFor(5, TimeUnit.MINUTES), read(dir.resolve("reference.log")));
            assertEquals(0, uninterrupted.exitValue(), read(dir.resolve("reference.log")));

            Map<String, JsonNode> tasks = new HashMap<>();
            JSON.readTree(out.resolve("spark.json").toFile()).get("runs").forEach(r -> tasks.put(r.get("name").asText(), r));
            assertEquals(3, tasks.size(), tasks.toString());
            JsonNode retried = tasks.get(lostRun);
            assertEquals(2, retried.get("attempt").asInt(), "the lost host's run ran again: " + retried);
            assertTrue(retried.get("resumed").asBoolean(), retried.toString());
            assertNotEquals(hosts.address(lost), retried.get("host").asText(), retried.toString());
            Set<String> survivors = new HashSet<>();
            tasks.forEach((name, task) -> {
                if (!name.equals(lostRun)) {
                    survivors.add(task.get("host").asText());
                    assertEquals(1, task.get("attempt").asInt(), task.toString());
                }
            });
            assertEquals(Set.of(hosts.address(1), hosts.address(2)), survivors, "the other runs, one per host");
            JsonNode record = JSON.readTree(out.resolve(lostRun).resolve("run.json").toFile());
            assertEquals("finished", record.get("status").asText(), record.toString());
            assertEquals(1, record.get("resumed_from_steps").size(), record.toString());
            Path alone = onlyRun(reference);
            assertEquals(Files.readString(alone.resolve("steps.csv")), Files.readString(out.resolve(lostRun).resolve("steps.csv")));
            assertEquals(RunFiles.metrics(alone), RunFiles.metrics(out.resolve(lostRun)));
            assertTrue(Files.isRegularFile(out.resolve("report.html")));
        } finally {
            if (uninterrupted != null) {
                uninterrupted.destroyForcibly();
            }
        }
    }

    // The one run of a comparison of one schedule.
    private static Path onlyRun(Path comparison) throws Exception {
        try (Stream<Path> entries = Files.list(comparison)) {
            List<Path> runs = entries.filter(p -> Files.isRegularFile(p.resolve("steps.csv"))).toList();
            assertEquals(1, runs.size(), runs.toString());
            return runs.get(0);
        }
    }

    private static void daemon(NetworkNamespaces hosts, int host, Path log, String mainClass, String... args)
            throws Exception {
        start(hosts.on(host, sparkDaemon(sparkHome(), mainClass, args)), log, hosts.address(host), Map.of());
    }

    // The master logs each worker that registers.
    private static void awaitWorkers(Path masterLog, int workers) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            if (read(masterLog).split("Registering worker", -1).length - 1 >= workers) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(workers + " workers did not register within 2 minutes: " + read(masterLog));
    }

    // The run training on a host, once it has saved a checkpoint inside its first epochs.
    private static String awaitCheckpointedRun(NetworkNamespaces hosts, int host, Path out, Process compare, Path log)
            throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            assertTrue(compare.isAlive(), "the comparison ended before a host could be lost: " + read(log));
            Optional<String> run = hosts.pids(host).stream()
                    .map(ChildJvms::commandLine)
                    .filter(c -> c.contains("\0--out\0"))
                    .map(c -> Path.of(argumentAfter("--out", c)).getFileName().toString())
                    .findFirst();
            if (run.isPresent() && checkpointedPast(out.resolve(run.get()).resolve("checkpoints"), 40)) {
                return run.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no run on host " + host + " saved a checkpoint past step 40 within 5 minutes (see "
                + log.getParent() + "); its processes: " + hosts.pids(host).stream().map(ChildJvms::commandLine).toList());
    }

    private static boolean checkpointedPast(Path checkpoints, long step) throws Exception {
        if (!Files.isDirectory(checkpoints)) {
            return false;
        }
        try (Stream<Path> list = Files.list(checkpoints)) {
            return list.map(p -> p.getFileName().toString())
                    .anyMatch(n -> CheckpointStore.stepOf(n).orElse(-1) > step);
        }
    }
}
