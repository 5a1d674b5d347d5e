package io.klanneal.compare;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.io.StorageException;
import io.klanneal.record.DirectoryLock;
import io.klanneal.record.RunDirectory;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A comparison of schedules as {@code klanneal compare} runs it, from Java: each run a process of
 * klanneal's command line on this JVM's class path (which must hold klanneal-cli; a model kind on
 * the class path is found there too), its directory locked, the plan written, the report built at
 * the end. Build with {@link #builder()}.
 */
public final class Comparison {

    /**
     * How a comparison ended.
     *
     * @param failed the runs that did not finish
     * @param report the report page
     */
    public record Result(int failed, Path report) {}

    private final Path dir;
    private final ComparisonPlan plan;
    private final Packing packing;
    private final PrintWriter console;

    private Comparison(Path dir, ComparisonPlan plan, Packing packing, PrintWriter console) {
        this.dir = dir;
        this.plan = plan;
        this.packing = packing;
        this.console = console;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs the comparison: trains every run not ended yet (a directory holding the same plan keeps
     * its finished runs) and writes the report.
     *
     * @return how it ended
     * @throws IOException if the directory holds another comparison or cannot be written
     * @throws InterruptedException if interrupted while runs train (they are stopped)
     */
    public Result run() throws IOException, InterruptedException {
        try (DirectoryLock lock = prepare(dir, plan)) {
            int failed = new ComparisonRunner(dir, plan, Comparison::trainProcess, packing, console, false).run();
            return new Result(failed, ComparisonReport.write(dir));
        }
    }

    /**
     * Makes a comparison directory ready for a plan: checks that it is new, empty or holds this
     * same plan, locks it and writes the plan.
     *
     * @param dir the comparison directory
     * @param plan the plan, resolved
     * @return the lock, to hold while the runs train
     * @throws IOException if it holds another comparison or cannot be written
     */
    public static DirectoryLock prepare(Path dir, ComparisonPlan plan) throws IOException {
        checkReusable(dir, plan);
        Files.createDirectories(dir);
        DirectoryLock lock = DirectoryLock.acquire(dir, "compared", "klanneal compare");
        try {
            plan.write(dir);
        } catch (IOException | RuntimeException e) {
            lock.close();
            IOException storage = StorageException.cause(e);
            if (storage != null) {
                throw StorageException.in(dir, storage, ComparisonRunner.AGAIN);
            }
            throw e;
        }
        return lock;
    }

    // A directory may hold this same plan (then finished runs are kept) or nothing at all.
    private static void checkReusable(Path dir, ComparisonPlan plan) throws IOException {
        if (Files.isRegularFile(dir.resolve(ComparisonPlan.FILE_NAME))) {
            ComparisonPlan existing = ComparisonPlan.read(dir);
            if (!existing.sameRunsAs(plan)) {
                throw new IllegalArgumentException(
                        dir + " holds another comparison (its runs or options differ); give another --out,"
                                + " or the same options as " + dir.resolve(ComparisonPlan.FILE_NAME));
            }
            return;
        }
        if (Files.isDirectory(dir)) {
            try (Stream<Path> entries = Files.list(dir)) {
                if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(RunDirectory.LOCK_FILE))) {
                    throw new IllegalArgumentException(
                            dir + " is not empty and holds no comparison; give a new or empty --out");
                }
            }
        }
    }

    /** Each run in a JVM of its own, on this JVM's class path. */
    public static List<String> trainProcess(Path config, Path runDir, int threads, boolean resume) {
        return TrainProcess.command(
                TrainProcess.java(), System.getProperty("java.class.path"), TrainProcess.djlProperties(),
                config, runDir, threads, resume);
    }

    /** Builds a {@link Comparison}. */
    public static final class Builder {
        private final ObjectNode base = JsonNodeFactory.instance.objectNode();
        private final Map<String, ObjectNode> groups = new LinkedHashMap<>();
        private final List<Long> seeds = new ArrayList<>();
        private Path out;
        private Integer jobs;
        private PrintWriter console = new PrintWriter(System.out, true);

        private Builder() {}

        /** Sets the comparison directory (required). */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /** Sets an option every run shares, e.g. {@code set(OptimisationOptions.EPOCHS, 5)}. */
        public <T> Builder set(TrainOption<T> option, T value) {
            base.set(option.name(), option.type().toJson(option.check(value)));
            return this;
        }

        /** Adds a schedule to compare, as a spec ({@code cyclical:cycles=4}); its spec names its runs. */
        public Builder addSchedule(String spec) {
            ObjectNode change = JsonNodeFactory.instance.objectNode();
            change.set(ScheduleOptions.SCHEDULE.name(),
                    ScheduleOptions.SCHEDULE.type().toJson(ScheduleOptions.SCHEDULE.parse(spec)));
            groups.put(spec, change);
            return this;
        }

        /** Adds seeds every schedule runs with (default: 1). */
        public Builder optSeeds(long... more) {
            for (long seed : more) {
                seeds.add(seed);
            }
            return this;
        }

        /**
         * Sets how many runs train at a time, each with its share of the cores (default: as many
         * as cores, runs and memory allow, {@link Packing#auto}).
         */
        public Builder optJobs(int jobs) {
            this.jobs = jobs;
            return this;
        }

        /** Sets where progress lines go (default: standard output). */
        public Builder optConsole(PrintWriter console) {
            this.console = console;
            return this;
        }

        /**
         * Builds the comparison, checking every run's options.
         *
         * @return the comparison
         * @throws IllegalArgumentException naming the run and option that is wrong
         */
        public Comparison build() {
            if (out == null) {
                throw new IllegalArgumentException("the comparison directory (out) must be set");
            }
            try {
                Class.forName(TrainProcess.MAIN_CLASS, false, Comparison.class.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException("a comparison's runs train in processes of klanneal's command line ("
                        + TrainProcess.MAIN_CLASS + "); put klanneal-cli on the class path", e);
            }
            ComparisonPlan plan = ComparisonPlan.expand(
                    "java " + Comparison.class.getName(), base, groups, seeds.isEmpty() ? List.of(1L) : seeds).resolved();
            Packing packing = jobs == null
                    ? null
                    : Packing.ofJobs(jobs, plan);
            return new Comparison(out, plan, packing, console);
        }
    }
}
