package io.klanneal.cli;

import io.klanneal.run.RunConfigFile;
import io.klanneal.run.TrainConfig;
import io.klanneal.run.TrainRun;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code klanneal train}: train a dense or text VAE and write its run directory. Options left out
 * take {@link TrainConfig}'s defaults, or the values of {@code --config}; options given override
 * both.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a dense or text VAE with a beta schedule; writes config.json, run.json,"
                + " metrics.csv, steps.csv, kl_per_dim.csv, plots and model/ into --out.")
final class TrainCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--config",
            description = "A run's config.json: repeat that run; options given here override it.")
    Path config;

    @Option(names = "--model", description = "dense (images) or text (LSTM over sentences). Default: dense.")
    String model;

    @Option(
            names = "--data",
            description = "dense: generated (default; built in, seeded), fashion-mnist (Debian's"
                    + " dataset-fashion-mnist) or idx:DIR (any MNIST-format directory)."
                    + " text: toy (default; 10 sequences, 2-D latent) or text:TRAIN[,VALID].")
    String data;

    @Option(
            names = "--schedule",
            description = "Beta schedule spec. Default: cyclical:cycles=4,ratio=0.5.")
    String schedule;

    @Option(
            names = "--likelihood",
            description = "dense: bernoulli (default), gaussian:sigma=X or gaussian:learned;"
                    + " text: categorical.")
    String likelihood;

    @Option(names = "--epochs", description = "Default: 10.")
    Integer epochs;

    @Option(names = "--batch-size", description = "Default: dense 128, text 32.")
    Integer batchSize;

    @Option(names = "--hidden", description = "Default: dense 512, text 256 (toy 64).")
    Integer hidden;

    @Option(names = "--latent", description = "Default: 32 (toy 2).")
    Integer latent;

    @Option(names = "--embedding", description = "Text word embedding size. Default: 256 (toy 64).")
    Integer embedding;

    @Option(names = "--decoder-dropout", description = "Text decoder dropout, training only. Default: 0.5.")
    Float decoderDropout;

    @Option(
            names = "--word-dropout",
            description = "Probability of replacing a decoder input word by <unk>, training only."
                    + " Default: 0.")
    Float wordDropout;

    @Option(
            names = "--grad-clip",
            description = "Clip the global gradient norm (0: off). Default: text 5, dense off.")
    Float gradientClip;

    @Option(
            names = "--iw-samples",
            description = "K of the importance-weighted NLL after each text epoch (0: off). Default: 10.")
    Integer iwSamples;

    @Option(
            names = "--holdout",
            description = "Share of a single text file held out for validation (seeded). Default: 0.1.")
    Double holdout;

    @Option(names = "--max-vocab", description = "Most vocabulary entries (0: all). Default: 0.")
    Integer maxVocabulary;

    @Option(names = "--min-count", description = "Rarer words become <unk>. Default: 1.")
    Integer minCount;

    @Option(names = "--lr", description = "Adam learning rate. Default: 1e-3.")
    Double learningRate;

    @Option(names = "--seed", description = "Default: 42.")
    Long seed;

    @Option(
            names = "--keep",
            description = "last (default) or best: also keep the parameters with the best validation"
                    + " ELBO among settled epochs in model-best/.")
    String keep;

    @Option(
            names = "--early-stop",
            paramLabel = "PATIENCE",
            description = "Stop after PATIENCE settled epochs without a better validation ELBO"
                    + " (0: never). Settled: after the ramps; for cyclical, only cycle ends."
                    + " Default: 0.")
    Integer earlyStop;

    @Option(
            names = "--out",
            description = "Run directory; must not exist or be empty. Default: runs/run-TIMESTAMP.")
    Path out;

    @Option(
            names = "--device",
            description = "cpu, gpu or gpuN. Default: DJL's default (a GPU when the CUDA engine"
                    + " finds one).")
    String device;

    @Option(names = "--train-limit", description = "Use only the first N training examples (0: all).")
    Integer trainLimit;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    Boolean noProgress;

    @Override
    public Integer call() throws Exception {
        Path runDir =
                out != null
                        ? out
                        : Path.of("runs", "run-" + LocalDateTime.now().format(
                                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        TrainConfig.Builder builder =
                config != null ? RunConfigFile.read(config, givenOptions()) : TrainConfig.builder();
        builder.setOut(runDir);
        apply(model, v -> builder.optModel(modelKind(v)));
        apply(data, builder::optData);
        apply(schedule, builder::optSchedule);
        apply(likelihood, builder::optLikelihood);
        apply(epochs, builder::optEpochs);
        apply(batchSize, builder::optBatchSize);
        apply(hidden, builder::optHidden);
        apply(latent, builder::optLatent);
        apply(embedding, builder::optEmbedding);
        apply(decoderDropout, builder::optDecoderDropout);
        apply(wordDropout, builder::optWordDropout);
        apply(gradientClip, builder::optGradientClip);
        apply(iwSamples, builder::optIwSamples);
        apply(holdout, builder::optHoldout);
        apply(maxVocabulary, builder::optMaxVocabulary);
        apply(minCount, builder::optMinCount);
        apply(learningRate, builder::optLearningRate);
        apply(seed, builder::optSeed);
        apply(keep, v -> builder.optKeep(keepKind(v)));
        apply(earlyStop, builder::optEarlyStop);
        apply(device, builder::optDevice);
        apply(trainLimit, builder::optTrainLimit);
        apply(noProgress, v -> builder.optProgress(!v));
        TrainConfig trainConfig = builder.build();
        TrainingHistory history = TrainRun.run(trainConfig);
        report(trainConfig, history, runDir);
        return 0;
    }

    // The options given on the command line, named as config.json names them.
    private Set<String> givenOptions() {
        return spec.commandLine().getParseResult().matchedOptions().stream()
                .map(option -> option.longestName().replaceFirst("^--", ""))
                .collect(Collectors.toSet());
    }

    private static <T> void apply(T value, Consumer<T> option) {
        if (value != null) {
            option.accept(value);
        }
    }

    private void report(TrainConfig trainConfig, TrainingHistory history, Path runDir) {
        PrintWriter console = spec.commandLine().getOut();
        List<EpochSummary> epochList = history.epochs();
        EpochSummary last = epochList.get(epochList.size() - 1);
        console.printf(
                Locale.ROOT,
                "done: %d epochs, %d steps, schedule %s, likelihood %s%n",
                epochList.size(),
                history.steps(),
                trainConfig.scheduleDescription(),
                trainConfig.likelihood());
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
                .forEach((name, value) -> console.printf(Locale.ROOT, "%s %.4f%n", name, value));
        console.printf(Locale.ROOT, "wrote %s%n", runDir.toAbsolutePath());
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

    static TrainConfig.Keep keepKind(String name) {
        switch (name) {
            case "last":
                return TrainConfig.Keep.LAST;
            case "best":
                return TrainConfig.Keep.BEST;
            default:
                throw new IllegalArgumentException(
                        "unknown --keep '" + name + "'; expected last or best");
        }
    }
}
