package io.klanneal.spark;

import static io.klanneal.spark.ChildJvms.argumentAfter;
import static io.klanneal.spark.ChildJvms.classpath;
import static io.klanneal.spark.ChildJvms.commandLine;
import static io.klanneal.spark.ChildJvms.concat;
import static io.klanneal.spark.ChildJvms.driverAt;
import static io.klanneal.spark.ChildJvms.java;
import static io.klanneal.spark.ChildJvms.read;
import static io.klanneal.spark.ChildJvms.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.compare.TrainProcess;
import io.klanneal.record.CheckpointStore;
import io.klanneal.run.RunFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A comparison behind {@code hdfs://}: a real HDFS (Hadoop's mini cluster, a NameNode and a
 * DataNode in this JVM on 127.0.0.1) that the Spark driver, the tasks and their training processes,
 * all other JVMs, reach only through its URI.
 */
class HdfsComparisonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LOOPBACK = "127.0.0.1";
    // Runs that repeat bit for bit at one thread (README, "Repeating a run"): two small dense ones.
    private static final List<String> TWO_DENSE_RUNS = List.of(
            "--model", "dense", "--train-limit", "1280", "--batch-size", "64", "--hidden", "64", "--latent", "4",
            "--threads", "1", "--no-progress", "--epochs", "2", "--schedules", "constant:beta=1;cyclical:cycles=2");
    private static final List<String> ONE_LONGER_DENSE_RUN = ChildJvms.longerDenseRuns("constant:beta=1");
    private static final String RUN = "constant-beta-1-seed1";

    @TempDir static Path storage;
    private static MiniDFSCluster cluster;
    private static FileSystem hdfs;
    private static String root;

    @TempDir Path dir;

    @BeforeAll
    static void startHdfs() throws IOException {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, storage.toString());
        cluster = new MiniDFSCluster.Builder(conf, storage.toFile()).numDataNodes(1).build();
        cluster.waitActive();
        hdfs = cluster.getFileSystem();
        root = "hdfs://" + LOOPBACK + ":" + cluster.getNameNodePort();
    }

    @AfterAll
    static void stopHdfs() {
        if (cluster != null) {
            cluster.shutdown();
        }
    }

    @Test
    void aComparisonOnHdfsTrainsInScratchDirectoriesWithCompareNumbersAndItsReportEndsUpThere() throws Exception {
        // The same comparison on local disk, beside the one on HDFS, for its numbers.
        Path local = dir.resolve("local");
        Process onLocalDisk = klanneal(local, TWO_DENSE_RUNS);
        try {
            String uri = upload(plan(TWO_DENSE_RUNS), "/cmp");
            Path driverLog = dir.resolve("driver.log");
            Process driver = start(driver(uri, "local[2]", List.of()), driverLog, LOOPBACK, Map.of());
            assertTrue(driver.waitFor(5, TimeUnit.MINUTES), "the driver did not end in 5 minutes: " + read(driverLog));
            assertEquals(0, driver.exitValue(), read(driverLog));
            assertTrue(read(driverLog).contains("report: " + uri), read(driverLog));
            assertTrue(onLocalDisk.waitFor(5, TimeUnit.MINUTES), read(log(local)));
            assertEquals(0, onLocalDisk.exitValue(), read(log(local)));
        } finally {
            onLocalDisk.destroyForcibly();
        }

        Path back = download("/cmp");
        for (String file : List.of("report.html", "summary.csv", "spark.json")) {
            assertTrue(Files.isRegularFile(back.resolve(file)), file + " written to HDFS");
        }
        for (String run : List.of("constant-beta-1-seed1", "cyclical-cycles-2-seed1")) {
            assertEquals(Files.readString(local.resolve(run).resolve("steps.csv")),
                    Files.readString(back.resolve(run).resolve("steps.csv")), run);
            assertEquals(RunFiles.metrics(local.resolve(run)), RunFiles.metrics(back.resolve(run)), run);
            assertTrue(Files.isDirectory(back.resolve(run).resolve("checkpoints")), "checkpoints mirrored: " + run);
            assertTrue(Files.isRegularFile(back.resolve("logs").resolve(run + ".log")), run);
        }
    }

    @Test
    void aRetriedTaskResumesFromTheNewestCheckpointOnHdfsThatPassesItsChecksum() throws Exception {
        String uri = upload(plan(ONE_LONGER_DENSE_RUN), "/killed");
        // Two attempts, so that a training that dies asks for a retry; mirrored every 100 ms.
        TrainTask task = new TrainTask(uri, RUN, "plan/" + RUN + ".json", classpath(), TrainProcess.djlProperties(),
                0, 2, Duration.ofMillis(100));

        CompletableFuture<TrainTask.Result> first = CompletableFuture.supplyAsync(task::call);
        ProcessHandle training = awaitTraining(first);
        // The run left alone, beside the task once its training is found, for its numbers.
        Path reference = dir.resolve("reference");
        Process alone = klanneal(reference, ONE_LONGER_DENSE_RUN);
        try {
            resumeFromTheCheckpointBeforeACutOne(task, first, training);
            assertTrue(alone.waitFor(5, TimeUnit.MINUTES), read(log(reference)));
            assertEquals(0, alone.exitValue(), read(log(reference)));
        } finally {
            alone.destroyForcibly();
        }
        Path back = download("/killed");
        assertEquals(Files.readString(reference.resolve(RUN).resolve("steps.csv")),
                Files.readString(back.resolve(RUN).resolve("steps.csv")));
        assertEquals(RunFiles.metrics(reference.resolve(RUN)), RunFiles.metrics(back.resolve(RUN)));
    }

    // Stops and kills the task's training once it has two checkpoints, cuts the newest one's copy
    // on HDFS in half and retries the task: it resumes from the checkpoint before.
    private static void resumeFromTheCheckpointBeforeACutOne(TrainTask task, CompletableFuture<TrainTask.Result> first,
            ProcessHandle training) throws Exception {
        Path scratchRun = Path.of(argumentAfter("--out", commandLine(training.pid())));
        String newest = awaitCheckpoints(scratchRun, 2, first);
        stop(training);
        // The task goes on mirroring: wait until the stopped run's checkpoints are all on HDFS.
        awaitMirrored(scratchRun.resolve("checkpoints"), "/killed/" + RUN + "/checkpoints");
        training.destroyForcibly();
        ExecutionException died = assertThrows(ExecutionException.class, () -> first.get(2, TimeUnit.MINUTES));
        assertTrue(died.getCause().getMessage().contains("Spark retries it"), died.getCause().toString());

        // As if the copy of the newest checkpoint had been cut off: its largest file, half of it.
        cutInHalf(largestFile("/killed/" + RUN + "/checkpoints/" + newest));
        String older = olderCheckpoint("/killed/" + RUN + "/checkpoints", newest);

        TrainTask.Result retry = task.call();
        assertEquals("finished", retry.status(), retry.toString());
        assertTrue(retry.resumed(), retry.toString());
        JsonNode record = JSON.readTree(text("/killed/" + RUN + "/run.json"));
        assertEquals("[" + CheckpointStore.stepOf(older).orElseThrow() + "]",
                record.get("resumed_from_steps").toString(),
                "resumed from the checkpoint before the cut one (" + newest + "): " + record);
        assertTrue(text("/killed/logs/" + RUN + ".log").contains("incomplete or corrupt"),
                "the log says why the newest checkpoint was skipped");
    }

    private Process klanneal(Path out, List<String> options) throws IOException {
        return start(ChildJvms.klanneal(out, driverAt(LOOPBACK), options), log(out), LOOPBACK, Map.of());
    }

    private Path log(Path out) {
        return dir.resolve(out.getFileName() + ".log");
    }

    // The plan compare writes with these options, in a local directory.
    private Path plan(List<String> options) throws Exception {
        Path planned = dir.resolve("planned");
        assertEquals(0, klanneal(planned, concat(options, "--plan-only")).waitFor(), read(log(planned)));
        return planned;
    }

    private static String upload(Path local, String path) throws IOException {
        hdfs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), new org.apache.hadoop.fs.Path(path));
        return root + path;
    }

    private Path download(String path) throws IOException {
        Path local = dir.resolve("from-hdfs" + path.replace('/', '-'));
        hdfs.copyToLocalFile(false, new org.apache.hadoop.fs.Path(path), new org.apache.hadoop.fs.Path(local.toUri()), true);
        return local;
    }

    private static String text(String path) throws IOException {
        try (InputStream in = hdfs.open(new org.apache.hadoop.fs.Path(path))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> driver(String uri, String master, List<String> flags) {
        List<String> command = java();
        command.addAll(SparkJvm.javaOptions());
        command.addAll(driverAt(LOOPBACK));
        command.addAll(flags);
        command.addAll(List.of("-Dai.djl.offline=true", "-cp", classpath(), SparkComparison.class.getName(), uri,
                "--master", master, "--train-classpath", classpath()));
        return command;
    }

    // The training process the task started, a child of this JVM.
    private static ProcessHandle awaitTraining(CompletableFuture<?> task) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            assertTrue(!task.isDone(), "the task ended before its training was found: " + outcome(task));
            Optional<ProcessHandle> training = ProcessHandle.current().descendants()
                    .filter(p -> commandLine(p.pid()).contains("\0--out\0"))
                    .findFirst();
            if (training.isPresent()) {
                return training.get();
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no training process within 2 minutes");
    }

    // Waits until the run has saved this many checkpoints; returns the newest one's name.
    private static String awaitCheckpoints(Path run, int count, CompletableFuture<?> task) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            assertTrue(!task.isDone(), "the run ended before it could be stopped: " + outcome(task));
            List<String> steps = checkpoints(run.resolve("checkpoints"));
            if (steps.size() >= count) {
                return steps.get(steps.size() - 1);
            }
            Thread.sleep(5);
        }
        throw new AssertionError("no " + count + " checkpoints within 2 minutes");
    }

    private static List<String> checkpoints(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString())
                    .filter(n -> CheckpointStore.stepOf(n).isPresent())
                    .sorted(Comparator.comparingLong(n -> CheckpointStore.stepOf(n).orElseThrow()))
                    .toList();
        }
    }

    private static void awaitMirrored(Path local, String remote) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (System.nanoTime() < deadline) {
            if (mirrored(local, remote)) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError(local + " did not reach " + remote + " within a minute");
    }

    private static boolean mirrored(Path local, String remote) throws IOException {
        try (Stream<Path> files = Files.walk(local)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                org.apache.hadoop.fs.Path copy = new org.apache.hadoop.fs.Path(remote + "/" + local.relativize(file));
                if (!hdfs.exists(copy) || hdfs.getFileStatus(copy).getLen() != Files.size(file)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static void stop(ProcessHandle process) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-STOP", String.valueOf(process.pid())).start().waitFor());
    }

    private static org.apache.hadoop.fs.Path largestFile(String checkpoint) throws IOException {
        return Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(checkpoint)))
                .filter(FileStatus::isFile)
                .max((a, b) -> Long.compare(a.getLen(), b.getLen()))
                .orElseThrow()
                .getPath();
    }

    private static void cutInHalf(org.apache.hadoop.fs.Path file) throws IOException {
        byte[] bytes;
        try (InputStream in = hdfs.open(file)) {
            bytes = in.readAllBytes();
        }
        try (FSDataOutputStream out = hdfs.create(file, true)) {
            out.write(bytes, 0, bytes.length / 2);
        }
    }

    private static String olderCheckpoint(String checkpoints, String newest) throws IOException {
        List<String> names = Arrays.stream(hdfs.listStatus(new org.apache.hadoop.fs.Path(checkpoints)))
                .map(s -> s.getPath().getName())
                .filter(n -> CheckpointStore.stepOf(n).isPresent() && !n.equals(newest))
                .toList();
        assertEquals(1, names.size(), "one checkpoint before " + newest + ": " + names);
        return names.get(0);
    }

    private static String outcome(CompletableFuture<?> task) {
        try {
            return String.valueOf(task.getNow(null));
        } catch (RuntimeException e) {
            return e.toString();
        }
    }
}
