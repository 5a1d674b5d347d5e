package io.klanneal.cli;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.compare.Comparison;
import io.klanneal.compare.ComparisonPlan;
import io.klanneal.compare.ComparisonReport;
import io.klanneal.compare.ComparisonRunner;
import io.klanneal.compare.Packing;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.record.DirectoryLock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code klanneal compare}: trains one run per (schedule, seed) on the same data, each in its own
 * process, and writes {@code report.html}, {@code summary.csv} and {@code summary.md}.
 */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        modelTransformer = TrainOptionsBinding.class,
        description = "Train one run per schedule and seed on the same data and compare them in"
                + " report.html; the training options below are shared by every run.")
final class CompareCommand implements Callable<Integer> {

    static final String DEFAULT_SCHEDULES = "constant:beta=1;monotonic;cyclical";

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--schedules",
            paramLabel = "SPEC;SPEC;...",
            description = "The schedules to compare, separated by ';'. Default: " + DEFAULT_SCHEDULES + ".")
    String schedules;

    @Option(
            names = "--seeds",
            split = ",",
            paramLabel = "N,N,...",
            description = "The seeds every schedule runs with. Default: 1.")
    List<Long> seeds;

    @Option(
            names = "--file",
            paramLabel = "FILE",
            description = "A comparison file, JSON or YAML: options (shared), runs (name: the options"
                    + " it changes) and seeds, instead of --schedules and --seeds.")
    Path file;

    @Option(
            names = "--jobs",
            paramLabel = "N",
            description = "Runs at a time, each a process with its share of the cores. Default: as"
                    + " many as cores, runs and memory allow, one engine thread each (spare cores go"
                    + " to the runs as threads; runs that set --threads are packed by it).")
    Integer jobs;

    @Option(
            names = "--spark",
            paramLabel = "MASTER",
            description = "Run the trainings as a Spark job on MASTER (local[2], spark://HOST:7077):"
                    + " one task per run, in the klanneal-spark module.")
    String spark;

    @Option(
            names = "--plan-only",
            description = "Write comparison.json and plan/ into --out and stop, for a Spark job"
                    + " submitted by hand (spark-submit).")
    boolean planOnly;

    @Option(
            names = "--out",
            description = "Comparison directory; a second compare with the same plan skips the"
                    + " finished runs. Default: runs/compare-TIMESTAMP.")
    Path out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        ParseResult parsed = spec.commandLine().getParseResult();
        ObjectNode given = TrainOptionsBinding.toJson(parsed);
        if (given.has(OptimisationOptions.SEED.name())) {
            throw new IllegalArgumentException("compare takes --seeds (a list), not --seed");
        }
        String command = "klanneal " + String.join(" ", parsed.originalArgs().stream().map(CompareCommand::quoted).toList());
        ComparisonPlan plan = (file != null ? fromFile(command, given) : fromFlags(command, given)).resolved();
        Path dir = out != null ? out : Path.of("runs", "compare-" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        try (DirectoryLock lock = Comparison.prepare(dir, plan)) {
            return compare(dir, plan);
        }
    }

    // Trains the planned comparison, holding its directory.
    private int compare(Path dir, ComparisonPlan plan) throws IOException, InterruptedException {
        if (planOnly) {
            spec.commandLine().getOut().printf("plan: %s (%d runs)%n",
                    dir.resolve(ComparisonPlan.FILE_NAME).toAbsolutePath(), plan.runs().size());
            return 0;
        }
        if (spark != null) {
            if (jobs != null) {
                throw new IllegalArgumentException(
                        "--jobs is for runs on this machine; with --spark the executors and spark.task.cpus decide");
            }
            return SparkDriver.run(dir, spark, spec.commandLine().getOut(), spec.commandLine().getErr());
        }
        Packing packing = jobs == null
                ? null
                : Packing.ofJobs(jobs, plan);
        int failed = new ComparisonRunner(
                dir, plan, Comparison::trainProcess, packing, spec.commandLine().getOut(), System.console() != null).run();
        Path report = ComparisonReport.write(dir);
        spec.commandLine().getOut().println(ComparisonReport.answer(dir));
        spec.commandLine().getOut().printf("report: %s%n", report.toAbsolutePath());
        if (failed > 0) {
            spec.commandLine().getErr().printf(
                    "klanneal: error: %d of %d runs did not finish; the report shows why%n", failed, plan.runs().size());
            return 1;
        }
        return 0;
    }

    private ComparisonPlan fromFile(String command, ObjectNode given) throws IOException {
        if (schedules != null || seeds != null || given.has(ScheduleOptions.SCHEDULE.name())) {
            throw new IllegalArgumentException(
                    "--file holds the runs and seeds; leave out --schedules, --schedule and --seeds");
        }
        return ComparisonPlan.fromFile(file, command, given);
    }

    private ComparisonPlan fromFlags(String command, ObjectNode given) {
        String scheduleName = ScheduleOptions.SCHEDULE.name();
        if (schedules != null && given.has(scheduleName)) {
            throw new IllegalArgumentException("give either --schedules or --schedule, not both");
        }
        String specs = schedules != null
                ? schedules
                : given.has(scheduleName) ? given.get(scheduleName).asText() : DEFAULT_SCHEDULES;
        given.remove(scheduleName);
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        for (String schedule : specs.split(";")) {
            if (!schedule.isBlank()) {
                ObjectNode change = JsonNodeFactory.instance.objectNode();
                // Parsed here so that a wrong spec is one line before anything runs.
                change.set(scheduleName, ScheduleOptions.SCHEDULE.type().toJson(
                        ScheduleOptions.SCHEDULE.parse(schedule.strip())));
                groups.put(schedule.strip(), change);
            }
        }
        return ComparisonPlan.expand(command, given, groups, seeds != null ? seeds : List.of(1L));
    }

    // As a shell would need it: "constant:beta=1;cyclical" holds a ';'.
    private static String quoted(String arg) {
        return arg.matches("[A-Za-z0-9_./:=,@%+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'";
    }
}
