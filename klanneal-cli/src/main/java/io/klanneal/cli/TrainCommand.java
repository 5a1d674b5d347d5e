package io.klanneal.cli;

import io.klanneal.config.ModelOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.record.RunDirectory;
import io.klanneal.run.RunConfigFile;
import io.klanneal.run.TrainConfig;
import io.klanneal.run.TrainRun;
import io.klanneal.schedule.Counts;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code klanneal train}: train a dense or text VAE and write its run directory. The training
 * options come from {@link TrainOptionsBinding}; options left out take their defaults, or the
 * values of {@code --config}; options given override both.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        modelTransformer = TrainOptionsBinding.class,
        description = "Train a dense or text VAE with a beta schedule; writes " + RunDirectory.CONFIG_FILE + ", "
                + RunDirectory.RECORD_FILE + ", " + RunDirectory.METRICS_FILE + ", " + RunDirectory.STEPS_FILE + ", "
                + RunDirectory.KL_PER_DIMENSION_FILE + ", plots and " + RunDirectory.MODEL_DIR + "/ into --out.")
final class TrainCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config",
            description = "A run's " + RunDirectory.CONFIG_FILE + ": repeat that run; options given here override it.")
    Path config;

    @Option(
            names = "--resume",
            paramLabel = "RUN",
            description = "Continue the interrupted run RUN from its newest checkpoint, as if it had"
                    + " never stopped; only the options marked \"" + TrainOption.RESUMABLE
                    + "\" may be given with it (--epochs only more).")
    Path resume;

    @Option(
            names = "--out",
            description = "Run directory; must not exist or be empty. Default: runs/run-TIMESTAMP.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ParseResult parsed = spec.commandLine().getParseResult();
        if (resume != null) {
            if (config != null || out != null) {
                throw new IllegalArgumentException(
                        "--resume continues RUN in its own directory with its own options; leave out"
                                + (config != null ? " --config" : "") + (out != null ? " --out" : ""));
            }
            PrintWriter console = spec.commandLine().getOut();
            TrainingHistory history = TrainRun.resume(
                    resume, builder -> TrainOptionsBinding.apply(parsed, builder), line -> {
                        console.println(line);
                        console.flush();
                    });
            // The resumed run's options, as it recorded them.
            report(RunConfigFile.read(RunDirectory.open(resume).configFile(), java.util.Set.of())
                    .setOut(resume).build(), history, resume);
            return 0;
        }
        Path runDir =
                out != null
                        ? out
                        : Path.of("runs", "run-" + LocalDateTime.now().format(
                                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainConfig.Builder builder =
                config != null
                        ? RunConfigFile.read(config, TrainOptionsBinding.given(parsed))
                        : TrainConfig.builder();
        builder.setOut(runDir);
        TrainOptionsBinding.apply(parsed, builder);
        TrainConfig trainConfig = builder.build();
        TrainingHistory history = TrainRun.run(trainConfig);
        report(trainConfig, history, runDir);
        return 0;
    }

    private void report(TrainConfig trainConfig, TrainingHistory history, Path runDir) {
        PrintWriter console = spec.commandLine().getOut();
        List<EpochSummary> epochList = history.epochs();
        EpochSummary last = epochList.get(epochList.size() - 1);
        console.printf(
                Locale.ROOT,
                "done: %s, %s, schedule %s, likelihood %s%n",
                Counts.of(epochList.size(), "epoch"),
                Counts.of(history.steps(), "step"),
                trainConfig.get(ScheduleOptions.SCHEDULE),
                trainConfig.get(ModelOptions.LIKELIHOOD));
        if (history.stopReason() != null) {
            console.printf(Locale.ROOT, "stopped early: %s%n", history.stopReason());
        }
        console.printf(
                Locale.ROOT,
                "validation: reconstruction %.3f, KL %.3f, -ELBO %.3f nats per example%n",
                last.validation().reconstruction(),
                last.validation().kl(),
                last.validation().elbo());
        history.diagnostics(epochList.size() - 1)
                .forEach((name, value) -> console.printf(Locale.ROOT, "%s %.4g%n", name, value));
        console.printf(Locale.ROOT, "wrote %s%n", runDir.toAbsolutePath());
    }
}
