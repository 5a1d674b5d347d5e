package io.klanneal.spark;

import io.klanneal.compare.ComparisonPlan;
import io.klanneal.compare.ComparisonReport;
import io.klanneal.io.AtomicFiles;
import io.klanneal.record.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where a Spark comparison lives, as the driver sees it: a directory it works in, which is the
 * comparison itself when every executor sees the same path ({@link #of} a plain path), or a local
 * copy of what the report needs when the comparison is behind a URI Hadoop reaches; then the
 * report is copied back and the copy deleted.
 */
interface ComparisonLocation extends AutoCloseable {

    /**
     * Opens a comparison, its plan and run records ready to read in {@link #dir()}.
     *
     * @param location a path every executor sees, or a URI (hdfs://, s3a://, file://)
     * @return the location
     * @throws IOException if the plan cannot be fetched
     */
    static ComparisonLocation of(String location) throws IOException {
        return RemoteDirectory.isRemote(location) ? new Remote(location) : new Shared(Path.of(location));
    }

    /** Returns the directory the driver reads the plan and runs from and writes the report to. */
    Path dir();

    /** Returns the comparison as each task is told it: where it reads the plan and writes its run. */
    String forTasks();

    /**
     * Makes the runs' results readable in {@link #dir()} once the tasks are done.
     *
     * @param plan the plan
     * @throws IOException if they cannot be fetched
     */
    void fetchResults(ComparisonPlan plan) throws IOException;

    /**
     * Makes the files the driver wrote into {@link #dir()} part of the comparison.
     *
     * @param written names relative to the comparison directory
     * @throws IOException if they cannot be copied
     */
    void publish(List<String> written) throws IOException;

    /** Returns where a file of the comparison is, in words for the user. */
    String show(String name);

    @Override
    void close() throws IOException;

    /** A comparison directory every executor sees at the same path. */
    record Shared(Path dir) implements ComparisonLocation {
        @Override
        public String forTasks() {
            return dir.toAbsolutePath().toString();
        }

        @Override
        public void fetchResults(ComparisonPlan plan) {}

        @Override
        public void publish(List<String> written) {}

        @Override
        public String show(String name) {
            return dir.resolve(name).toAbsolutePath().toString();
        }

        @Override
        public void close() {}
    }

    /** A comparison behind a URI: the driver works on a local copy of the plan and the results. */
    final class Remote implements ComparisonLocation {
        private final String location;
        private final RemoteDirectory remote;
        private final Path dir;

        Remote(String location) throws IOException {
            this.location = location;
            this.remote = new RemoteDirectory(location);
            this.dir = Files.createTempDirectory("klanneal-comparison-");
            remote.download(ComparisonPlan.FILE_NAME, dir.resolve(ComparisonPlan.FILE_NAME));
            // Which runs ended before: their run.json.
            for (ComparisonPlan.PlannedRun run : ComparisonPlan.read(dir).runs()) {
                String record = run.name() + "/" + RunDirectory.RECORD_FILE;
                remote.download(record, dir.resolve(record));
            }
        }

        @Override
        public Path dir() {
            return dir;
        }

        @Override
        public String forTasks() {
            return location;
        }

        // The report reads neither checkpoints nor parameters.
        @Override
        public void fetchResults(ComparisonPlan plan) throws IOException {
            for (ComparisonPlan.PlannedRun run : plan.runs()) {
                remote.downloadTree(run.name(), dir.resolve(run.name()), Set.of(
                        RunDirectory.CHECKPOINTS_DIR, RunDirectory.MODEL_DIR, RunDirectory.BEST_DIR));
            }
        }

        @Override
        public void publish(List<String> written) throws IOException {
            for (String name : written) {
                remote.mirror(dir.resolve(name), name);
            }
        }

        @Override
        public String show(String name) {
            return location.replaceAll("/+$", "") + "/" + name;
        }

        @Override
        public void close() throws IOException {
            AtomicFiles.deleteTree(dir);
        }
    }

    /** Returns the report's files and spark.json, as {@link #publish} takes them. */
    static List<String> reportFiles() {
        List<String> files = new ArrayList<>(ComparisonReport.FILES);
        files.add(0, SparkComparison.SPARK_FILE);
        return files;
    }
}
