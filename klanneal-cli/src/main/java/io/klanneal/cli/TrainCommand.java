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
        description = "Train a dense or text VAE with a beta schedule; writes metrics.csv,"
                + " steps.csv, losses.png, beta.png and model/ into --out.")
final class TrainCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--model",
            defaultValue = "dense",
            description = "dense (images) or text (LSTM over sentences). Default: ${DEFAULT-VALUE}.")
    String model;

    @Option(
            names = "--data",
            description = "dense: generated (default; built in, seeded), fashion-mnist (Debian's"
                    + " dataset-fashion-mnist) or idx:DIR (any MNIST-format directory)."
                    + " text: toy (default; 10 sequences, 2-D latent) or text:TRAIN[,VALID].")
    String data;

    @Option(
            names = "--schedule",
            defaultValue = "cyclical:cycles=4,ratio=0.5",
            description = "Beta schedule spec. Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(names = "--epochs", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "--batch-size", description = "Default: dense 128, text 32.")
    Integer batchSize;

    @Option(names = "--hidden", description = "Default: dense 512, text 256 (toy 64).")
    Integer hidden;

    @Option(names = "--latent", description = "Default: 32 (toy 2).")
    Integer latent;

    @Option(names = "--embedding", description = "Text word embedding size. Default: 256 (toy 64).")
    Integer embedding;

    @Option(
            names = "--decoder-dropout",
            defaultValue = "0.5",
            description = "Text decoder dropout, training only. Default: ${DEFAULT-VALUE}.")
    float decoderDropout;

    @Option(
            names = "--word-dropout",
            defaultValue = "0",
            description = "Probability of replacing a decoder input word by <unk>, training only."
                    + " Default: ${DEFAULT-VALUE}.")
    float wordDropout;

    @Option(
            names = "--grad-clip",
            description = "Clip the global gradient norm (0: off). Default: text 5, dense off.")
    Float gradientClip;

    @Option(
            names = "--iw-samples",
            defaultValue = "10",
            description = "K of the importance-weighted NLL after each text epoch (0: off)."
                    + " Default: ${DEFAULT-VALUE}.")
    int iwSamples;

    @Option(
            names = "--holdout",
            defaultValue = "0.1",
            description = "Share of a single text file held out for validation (seeded)."
                    + " Default: ${DEFAULT-VALUE}.")
    double holdout;

    @Option(names = "--max-vocab", defaultValue = "0", description = "Most vocabulary entries (0: all).")
    int maxVocabulary;

    @Option(names = "--min-count", defaultValue = "1", description = "Rarer words become <unk>.")
    int minCount;

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
        TrainConfig.Builder builder =
                TrainConfig.builder()
                        .setOut(runDir)
                        .optModel(modelKind(model))
                        .optSchedule(schedule)
                        .optEpochs(epochs)
                        .optDecoderDropout(decoderDropout)
                        .optWordDropout(wordDropout)
                        .optIwSamples(iwSamples)
                        .optHoldout(holdout)
                        .optMaxVocabulary(maxVocabulary)
                        .optMinCount(minCount)
                        .optLearningRate(learningRate)
                        .optSeed(seed)
                        .optDevice(device)
                        .optTrainLimit(trainLimit)
                        .optProgress(!noProgress);
        if (data != null) {
            builder.optData(data);
        }
        if (batchSize != null) {
            builder.optBatchSize(batchSize);
        }
        if (hidden != null) {
            builder.optHidden(hidden);
        }
        if (latent != null) {
            builder.optLatent(latent);
        }
        if (embedding != null) {
            builder.optEmbedding(embedding);
        }
        if (gradientClip != null) {
            builder.optGradientClip(gradientClip);
        }
        TrainConfig config = builder.build();
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
        history.diagnostics(epochs.size() - 1)
                .forEach((name, value) -> spec.commandLine().getOut().printf(
                        Locale.ROOT, "%s %.4f%n", name, value));
        return 0;
    }

    static TrainConfig.ModelKind modelKind(String name) {
        switch (name) {
            case "dense":
                return TrainConfig.ModelKind.DENSE;
            case "text":
                return TrainConfig.ModelKind.TEXT;
            default:
                throw new IllegalArgumentException(
                        "unknown --model '" + name + "'; expected dense or text");
        }
    }
}
