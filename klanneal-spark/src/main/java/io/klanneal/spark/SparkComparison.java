package io.klanneal.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.compare.ComparisonPlan;
import io.klanneal.compare.ComparisonReport;
import io.klanneal.compare.TrainProcess;
import io.klanneal.io.AtomicFiles;
import io.klanneal.record.RunRecord;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * The Spark driver of a comparison: reads the plan {@code klanneal compare} wrote ({@code
 * comparison.json} and {@code plan/}), runs every run that has not ended as one task ({@link
 * TrainTask}), then writes {@code spark.json} (which executor ran which run) and the same {@code
 * report.html} and {@code summary.csv} as {@code klanneal compare}. The plugin jars the plan records
 * are shipped to the executors.
 *
 * <pre>
 * SparkComparison DIR --train-classpath CP [--master MASTER]
 * </pre>
 *
 * {@code DIR} must be a path every executor sees (a shared file system on a cluster); {@code CP}
 * holds klanneal's command line ({@code klanneal-cli/target/klanneal.jar}, whose manifest names
 * its {@code lib/}) on every executor. Without {@code --master}, {@code spark-submit}'s applies.
 */
public final class SparkComparison {

    /** The file that records where each run ran. */
    public static final String SPARK_FILE = "spark.json";

    // How often a task copies its run to a comparison behind a URI (a Spark time: 10s, 500ms).
    private static final String MIRROR_INTERVAL = "spark.klanneal.mirrorInterval";
    private static final String MIRROR_INTERVAL_DEFAULT = "10s";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Pattern LOCAL = Pattern.compile("local\\[([0-9*]+)(?:,([0-9]+))?]");

    private SparkComparison() {}

    public static void main(String[] args) throws IOException {
        String dir = null;
        String trainClasspath = null;
        String master = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--train-classpath" -> trainClasspath = args[++i];
                case "--master" -> master = args[++i];
                default -> dir = args[i];
            }
        }
        if (dir == null || trainClasspath == null) {
            System.err.println("klanneal: error: usage: SparkComparison DIR --train-classpath CP [--master MASTER]");
            System.exit(2);
        }
        System.exit(run(dir, trainClasspath, master) > 0 ? 1 : 0);
    }

    /**
     * Trains the runs of a comparison on Spark and writes its report.
     *
     * @param location the comparison directory, holding the plan: a path every executor sees, or a
     *     URI for Hadoop's FileSystem API (hdfs://, s3a://, file://); then the driver works on a
     *     local copy of what the report needs and writes the report back
     * @param trainClasspath a classpath holding klanneal's command line on every executor
     * @param master the Spark master, or null for the one configured ({@code spark-submit})
     * @return how many runs did not finish
     * @throws IOException if the plan cannot be read or spark.json written
     */
    public static int run(String location, String trainClasspath, String master) throws IOException {
        try (ComparisonLocation comparison = ComparisonLocation.of(location)) {
            Path dir = comparison.dir();
            ComparisonPlan plan = ComparisonPlan.read(dir);
            SparkConf conf = new SparkConf()
                    .setAppName("klanneal compare " + Path.of(comparison.forTasks()).getFileName())
                    .setIfMissing("spark.ui.enabled", "false");
            if (master != null) {
                conf.setMaster(master);
            }
            // Executors run TrainTask: this module's classes and klanneal-core's (RunRecord, ...).
            conf.setJars(new String[] {SparkJvm.jarOf(SparkComparison.class), SparkJvm.jarOf(RunRecord.class)});
            List<TrainTask.Result> results;
            String ranOn;
            try (JavaSparkContext spark = new JavaSparkContext(conf)) {
                ranOn = spark.master();
                // A model kind of one's own: its jar goes to every executor, where the training
                // process finds it by file name and SHA-256 if the recorded path is not there.
                for (Path jar : ComparisonPlan.loadPlugins(dir)) {
                    spark.addFile(jar.toString());
                }
                int threads = plan.threadsSet().isPresent() ? 0 : conf.getInt("spark.task.cpus", 1);
                int attempts = attempts(spark.master(), conf);
                Duration mirrorEvery = Duration.ofMillis(conf.getTimeAsMs(MIRROR_INTERVAL, MIRROR_INTERVAL_DEFAULT));
                List<TrainTask> tasks = new ArrayList<>();
                for (ComparisonPlan.PlannedRun run : plan.toTrain(dir, System.out::println)) {
                    tasks.add(new TrainTask(
                            comparison.forTasks(), run.name(), run.configFile().toString(), trainClasspath,
                            TrainProcess.djlProperties(), threads, attempts, mirrorEvery));
                }
                results = tasks.isEmpty()
                        ? List.of()
                        : spark.parallelize(tasks, tasks.size()).map(TrainTask::call).collect();
            }
            ArrayNode ran = JSON.createArrayNode();
            for (TrainTask.Result result : results) {
                System.out.printf(Locale.ROOT, "%s: %s (executor %s on %s, attempt %d%s)%n", result.name(),
                        result.status(), result.executor(), result.host(), result.attempt(),
                        result.resumed() ? ", resumed" : "");
                ran.add(JSON.valueToTree(result));
            }
            ObjectNode record = JSON.createObjectNode();
            record.put("master", ranOn);
            record.set("runs", ran);
            AtomicFiles.writeString(dir.resolve(SPARK_FILE), JSON.writeValueAsString(record) + "\n");
            comparison.fetchResults(plan);
            ComparisonReport.write(dir);
            comparison.publish(ComparisonLocation.reportFiles());
            System.out.printf("report: %s%n", comparison.show(ComparisonReport.REPORT_FILE));
            return plan.failed(dir);
        }
    }

    // Local mode ignores spark.task.maxFailures: local[N] makes one attempt, local[N,F] F.
    static int attempts(String master, SparkConf conf) {
        Matcher local = LOCAL.matcher(master);
        if (local.matches()) {
            return local.group(2) == null ? 1 : Integer.parseInt(local.group(2));
        }
        return master.equals("local") ? 1 : conf.getInt("spark.task.maxFailures", 4);
    }
}
