package io.klanneal.cli;

import io.klanneal.run.TrainConfig;
import io.klanneal.run.TrainRun;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code klanneal train}: train a dense VAE and write its run directory. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a dense VAE with a beta schedule; writes metrics.csv, steps.csv,"
                + " losses.png, beta.png and model/ into --out.")
final class TrainCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--data",
            defaultValue = "generated",
            description = "generated (built in, seeded), fashion-mnist (Debian's"
                    + " dataset-fashion-mnist) or idx:DIR (any MNIST-format directory)."
                    + " Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(
            names = "--schedule",
            defaultValue = "cyclical:cycles=4,ratio=0.5",
            description = "Beta schedule spec. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--hidden", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Option(names = "--latent", defaultValue = "32", description = "Default: ${DEFAULT-VALUE}.")
    int latent;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Adam learning rate. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(names = "--seed", defaultValue = "42", description = "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--out",
            description = "Run directory; must not exist or be empty. Default: runs/run-TIMESTAMP.")
    Path out;

    @Option(
            names = "--device",
            description = "cpu, gpu or gpuN. Default: DJL's default (a GPU when the CUDA engine"
                    + " finds one).")
    String device;

    @Option(
            names = "--train-limit",
            defaultValue = "0",
            description = "Use only the first N training examples (0: all).")
    int trainLimit;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Override
    public Integer call() throws Exception {
        Path runDir =
                out != null
                        ? out
                        : Path.of("runs", "run-" + LocalDateTime.now().format(
                                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainConfig config =
                TrainConfig.builder()
                        .setOut(runDir)
                        .optData(data)
                        .optSchedule(schedule)
                        .optEpochs(epochs)
                        .optBatchSize(batchSize)
                        .optHidden(hidden)
                        .optLatent(latent)
                        .optLearningRate(learningRate)
                        .optSeed(seed)
                        .optDevice(device)
                        .optTrainLimit(trainLimit)
                        .optProgress(!noProgress)
                        .build();
        TrainingHistory history = TrainRun.run(config);
        List<EpochSummary> epochs = history.epochs();
        EpochSummary last = epochs.get(epochs.size() - 1);
        spec.commandLine().getOut().printf(
                Locale.ROOT,
                "done: %d epochs, %d steps, schedule %s%n"
                        + "validation: reconstruction %.3f, KL %.3f, -ELBO %.3f nats per example%n"
                        + "wrote %s%n",
                epochs.size(),
                history.steps(),
                config.scheduleDescription(),
                last.validation().reconstruction(),
                last.validation().kl(),
                last.validation().elbo(),
                runDir.toAbsolutePath());
        return 0;
    }
}
