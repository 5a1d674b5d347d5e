package io.klanneal.spark;

import io.klanneal.compare.ComparisonRunner;
import io.klanneal.compare.TrainProcess;
import io.klanneal.io.AtomicFiles;
import io.klanneal.record.RunRecord;
import io.klanneal.run.Plugins;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.apache.spark.TaskContext;

/**
 * One run of a comparison as one Spark task: it trains the run in a JVM of its own, exactly as
 * {@code klanneal compare} would, resuming from the run's newest checkpoint when an earlier attempt
 * left one. A process that dies (killed, out of memory) fails the task so that Spark retries it;
 * on the last attempt, or when training itself failed (bad options, divergence), the run is
 * reported as failed instead, so that the job still writes the report.
 *
 * @param dir the comparison directory as executors see it: a path, or a URI for Hadoop's
 *     FileSystem API ({@link RemoteDirectory}), where the task trains in a local scratch directory
 *     and mirrors it there
 * @param name the run's name
 * @param config the run's options file, relative to {@code dir}
 * @param trainClasspath a classpath holding klanneal's command line, as executors see it
 * @param properties {@code ai.djl.*} settings to pass on
 * @param threads the engine threads per run (from {@code spark.task.cpus}), or 0 when the plan
 *     fixes them
 * @param attempts how many attempts Spark makes per task
 * @param mirrorEvery how often a task training for a remote directory copies its run there
 */
public record TrainTask(
        String dir, String name, String config, String trainClasspath, List<String> properties, int threads, int attempts,
        Duration mirrorEvery)
        implements Serializable {

    /**
     * What one task did.
     *
     * @param name the run's name
     * @param status the run's status afterwards ({@link RunRecord.Outcome#status()})
     * @param executor the executor that ran the last attempt
     * @param host its host, as Spark addresses it
     * @param attempt which attempt that was, 1 for the first (Spark's own count starts at 0)
     * @param resumed whether that attempt resumed from a checkpoint
     */
    public record Result(String name, String status, String executor, String host, int attempt, boolean resumed)
            implements Serializable {}

    /**
     * Trains the run.
     *
     * @return what happened
     * @throws IllegalStateException when the training process died and Spark has attempts left
     */
    public Result call() {
        TaskContext task = TaskContext.get();
        int attempt = task == null ? 1 : task.attemptNumber() + 1;
        try {
            if (!RemoteDirectory.isRemote(dir)) {
                return train(Path.of(dir), attempt, started -> { });
            }
            RemoteDirectory remote = new RemoteDirectory(dir);
            Path scratch = Files.createTempDirectory("klanneal-" + name + "-");
            try {
                remote.download(Path.of(config).getParent().toString(), scratch.resolve(Path.of(config).getParent()));
                remote.download(name, scratch.resolve(name));
                String log = "logs/" + name + ".log";
                remote.download(log, scratch.resolve(log));
                Result result = train(scratch, attempt, process -> {
                    while (!process.waitFor(mirrorEvery.toMillis(), TimeUnit.MILLISECONDS)) {
                        remote.mirror(scratch.resolve(name), name);
                        remote.mirror(scratch.resolve(log), log);
                    }
                });
                remote.mirror(scratch.resolve(name), name);
                remote.mirror(scratch.resolve(log), log);
                return result;
            } finally {
                AtomicFiles.deleteTree(scratch);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(name + ": interrupted", e);
        }
    }

    /** Waits for a training process, doing what else the task must meanwhile. */
    @FunctionalInterface
    private interface Waiting {
        void whileRunning(Process process) throws IOException, InterruptedException;
    }

    private Result train(Path comparison, int attempt, Waiting waiting) throws IOException, InterruptedException {
        Path out = comparison.resolve(name);
        List<String> settings = new ArrayList<>(properties);
        if (SparkEnv.get() != null) {
            // Where this executor keeps the plugin jars the driver shipped (SparkContext.addFile).
            settings.add(Plugins.COPIES_PROPERTY + "=" + SparkFiles.getRootDirectory());
        }
        ComparisonRunner.Started started = ComparisonRunner.start(
                comparison, name, comparison.resolve(config), (c, o, t, resume) -> TrainProcess.command(
                        TrainProcess.java(), trainClasspath, settings, c, o, t, resume),
                threads);
        waiting.whileRunning(started.process());
        int exit = started.process().waitFor();
        RunRecord.Outcome outcome = RunRecord.read(out);
        // Training that failed by itself (exit 2: bad input, divergence) fails the same way again.
        if (exit != 0 && exit != 2 && !outcome.ended()) {
            if (attempt < attempts) {
                throw new IllegalStateException(
                        name + ": the training process died with exit code " + exit + " (attempt "
                                + attempt + " of " + attempts + "); Spark retries it");
            }
            RunRecord.recordCrash(out, exit, "it died on the last of " + attempts + " attempts");
            outcome = RunRecord.read(out);
        }
        SparkEnv env = SparkEnv.get();
        // Spark's address of the executor, which tells hosts apart where host names do not (hosts
        // that share a name, or network namespaces on one machine).
        return new Result(
                name,
                outcome.status().word(),
                env == null ? "driver" : env.executorId(),
                env == null ? java.net.InetAddress.getLocalHost().getHostName() : env.blockManager().blockManagerId().host(),
                attempt,
                started.resumed());
    }
}
