package io.klanneal.compare;

import io.klanneal.compare.ComparisonPlan.PlannedRun;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.CsvFiles;
import io.klanneal.io.StorageException;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import io.klanneal.run.RunConfigFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs a {@link ComparisonPlan}: each run in its own process (the engine's seed and threads are per
 * process), as many at a time and with as many threads as its {@link Packing} says. A run whose {@code
 * run.json} says it ended is skipped; one that never ended (killed, or failed) is resumed from its
 * newest checkpoint, or started again from an empty directory when it has none. A failed run does
 * not stop the others.
 */
public final class ComparisonRunner {

    /** What to do about a comparison stopped by a full or read-only device, once there is room. */
    static final String AGAIN = "run the same compare again (finished runs are kept, the others resume)";

    /**
     * Builds the command that trains one run: {@code klanneal train --config CONFIG --out DIR}, or
     * {@code klanneal train --resume DIR}.
     */
    @FunctionalInterface
    public interface Launcher {
        /**
         * Returns the command line of a process that trains one run.
         *
         * @param config the run's options file ({@code config.json} format)
         * @param out its run directory
         * @param threads the engine threads it may use, or 0 for the engine's default
         * @param resume whether to continue the run in {@code out} from its newest checkpoint
         * @return the command and its arguments
         */
        List<String> command(Path config, Path out, int threads, boolean resume);
    }

    private final Path dir;
    private final ComparisonPlan plan;
    private final Launcher launcher;
    // Null: packed by itself once the runs still to train are known.
    private final Packing packing;
    private final PrintWriter console;
    private final ComparisonProgress progress;
    private final List<Process> running = new ArrayList<>();
    // The first run that failed for want of room; the runs after it are not started.
    private volatile String outOfRoom;

    /**
     * Creates the runner.
     *
     * @param dir the comparison directory, holding the written plan
     * @param plan the plan
     * @param launcher how to start one run
     * @param packing how the runs share the machine, or null to pack them by itself ({@link
     *     Packing#auto}) once the runs still to train are known
     * @param console where progress lines go
     * @param terminal whether the console is a terminal, where the runs' lines are redrawn in place
     */
    public ComparisonRunner(
            Path dir, ComparisonPlan plan, Launcher launcher, Packing packing, PrintWriter console, boolean terminal) {
        this.dir = dir;
        this.plan = plan;
        this.launcher = launcher;
        this.packing = packing;
        this.console = console;
        this.progress = new ComparisonProgress(console, terminal, System::nanoTime);
    }

    /**
     * Trains every run that has not ended, and returns how many runs failed. A run that fails
     * because the device is full or read-only stops the comparison: the runs not started yet stay
     * so, and the same comparison run again later resumes them.
     *
     * @return the number of runs that ended without finishing (failed or diverged)
     * @throws io.klanneal.io.StorageException if the device is full or read-only, naming the
     *     comparison directory and what to do
     * @throws IOException if a run directory cannot be cleared or a log written
     * @throws InterruptedException if interrupted while waiting; running children are stopped
     */
    public int run() throws IOException, InterruptedException {
        try {
            return trainAll();
        } catch (IOException e) {
            IOException storage = StorageException.cause(e);
            if (storage == null) {
                throw e;
            }
            throw StorageException.in(dir, storage, AGAIN);
        }
    }

    private int trainAll() throws IOException, InterruptedException {
        List<PlannedRun> todo = plan.toTrain(dir, console::println);
        if (todo.isEmpty()) {
            return plan.failed(dir);
        }
        Packing packed = packing != null ? packing : Packing.auto(todo.size(), plan.threadsSet());
        console.printf(Locale.ROOT, "training %s, %s%s; each run's output goes to %s%n",
                io.klanneal.schedule.Counts.of(todo.size(), "run"), packed.describe(),
                packing != null ? "" : " (packed onto " + Runtime.getRuntime().availableProcessors()
                        + " cores; --jobs sets it)",
                dir.relativize(dir.resolve("logs").resolve("RUN.log")));
        for (PlannedRun run : todo) {
            progress.planned(run.name(), epochs(run));
        }
        int threads = packed.threads();
        Thread stopChildren = new Thread(this::stopAll);
        Runtime.getRuntime().addShutdownHook(stopChildren);
        ExecutorService pool = Executors.newFixedThreadPool(packed.jobs());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (PlannedRun run : todo) {
                futures.add(pool.submit(() -> {
                    train(run, threads);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                try {
                    future.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof IOException io) {
                        throw io;
                    }
                    throw new IllegalStateException(cause);
                }
            }
        } finally {
            pool.shutdownNow();
            stopAll();
            pool.awaitTermination(10, TimeUnit.SECONDS);
            try {
                Runtime.getRuntime().removeShutdownHook(stopChildren);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
        for (PlannedRun run : todo) {
            RunRecord.Outcome outcome = RunRecord.read(dir.resolve(run.name()));
            if (outcome.error() != null) {
                console.printf(Locale.ROOT, "%s: %s (%s)%n", run.name(), outcome.status().word(), outcome.error());
            }
        }
        console.flush();
        if (outOfRoom != null) {
            throw StorageException.as(dir, RunRecord.read(dir.resolve(outOfRoom)).error(), AGAIN);
        }
        return plan.failed(dir);
    }

    private int epochs(PlannedRun run) {
        return RunConfigFile.fromOptions(run.options()).setOut(dir.resolve(run.name())).build().totalEpochs();
    }

    /**
     * Starts the process of one run of a comparison: resumed from its newest checkpoint when it has
     * one ({@code train --resume}, with the threads it trained with), else from an empty directory;
     * its output goes to {@code logs/NAME.log} (appended to when resumed). It runs with {@link
     * TrainProcess#ALLOCATOR_ENVIRONMENT} unless this process's environment sets those variables.
     *
     * @param dir the comparison directory
     * @param name the run's name (its directory)
     * @param config the run's options file
     * @param launcher builds the command
     * @param threads the engine threads a new run may use, or 0 for its options' (a resumed run
     *     keeps those it trained with, so that it ends as it would have uninterrupted)
     * @return the process, and whether it resumed
     * @throws IOException if the directory cannot be cleared or the process not started
     */
    public static Started start(Path dir, String name, Path config, Launcher launcher, int threads)
            throws IOException {
        Path out = dir.resolve(name);
        boolean resume = CheckpointStore.resumable(out);
        if (!resume) {
            AtomicFiles.deleteTree(out);
        }
        Path log = dir.resolve("logs").resolve(name + ".log");
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(launcher.command(config, out, resume ? 0 : threads, resume))
                .redirectErrorStream(true)
                .redirectOutput(resume ? ProcessBuilder.Redirect.appendTo(log.toFile()) : ProcessBuilder.Redirect.to(log.toFile()));
        TrainProcess.ALLOCATOR_ENVIRONMENT.forEach(builder.environment()::putIfAbsent);
        Process process = builder.start();
        return new Started(process, resume, log);
    }

    /**
     * A run's process as {@link #start} started it.
     *
     * @param process the process
     * @param resumed whether it continues from a checkpoint
     * @param log where its output goes
     */
    public record Started(Process process, boolean resumed, Path log) {}

    private void train(PlannedRun run, int threads) throws IOException, InterruptedException {
        if (outOfRoom != null) {
            return;
        }
        Path out = dir.resolve(run.name());
        Started started = start(dir, run.name(), dir.resolve(run.configFile()), launcher, threads);
        Process process = started.process();
        progress.started(run.name(), started.resumed(), RunRecord.read(out).epochs());
        Path log = started.log();
        synchronized (running) {
            running.add(process);
        }
        try {
            while (!process.waitFor(1, TimeUnit.SECONDS)) {
                int epochs = RunRecord.read(out).epochs();
                progress.progressed(run.name(), epochs, RunResults.epochValue(out, epochs, CsvFiles.VALIDATION_KL));
            }
            RunStatus said = RunRecord.read(out).status();
            if (process.exitValue() != 0 && !said.ended() && said != RunStatus.FAILED) {
                // Died before its run.json could say why (a crash, a kill, bad options).
                RunRecord.recordCrash(out, process.exitValue(), lastLine(log));
            }
        } finally {
            synchronized (running) {
                running.remove(process);
            }
        }
        RunRecord.Outcome outcome = RunRecord.read(out);
        progress.ended(run.name(), outcome.status(), outcome.epochs(),
                RunResults.epochValue(out, outcome.epochs(), CsvFiles.VALIDATION_KL));
        if (!outcome.ended() && StorageException.explains(outcome.error())) {
            outOfRoom = run.name();
        }
    }

    private void stopAll() {
        synchronized (running) {
            running.forEach(Process::destroy);
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank()) {
                    return lines.get(i).strip();
                }
            }
        } catch (IOException e) {
            // No log: the outcome says the process ended without one.
        }
        return "no output";
    }
}
