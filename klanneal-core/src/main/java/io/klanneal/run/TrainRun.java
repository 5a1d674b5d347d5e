package io.klanneal.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.klanneal.data.ImageData;
import io.klanneal.data.ImageSpecs;
import io.klanneal.data.Splits;
import io.klanneal.model.DenseVae;
import io.klanneal.model.TextVae;
import io.klanneal.model.TextVaeSizes;
import io.klanneal.text.Corpus;
import io.klanneal.text.LatentScatterListener;
import io.klanneal.text.SentenceBatches;
import io.klanneal.text.TextDiagnosticsListener;
import io.klanneal.text.TextModelStore;
import io.klanneal.text.TextSpecs;
import io.klanneal.text.Vocabulary;
import io.klanneal.report.CheckpointListener;
import io.klanneal.report.ProgressListener;
import io.klanneal.report.RunReportListener;
import io.klanneal.report.ModelChoice;
import io.klanneal.report.ModelSelectionListener;
import io.klanneal.report.RunStatus;
import io.klanneal.schedule.ScheduleWarnings;
import io.klanneal.schedule.SettledEpochs;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.GradientNormClipping;
import io.klanneal.train.TrainingDivergedException;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeLoss;
import io.klanneal.train.VaeTraining;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a dense or text VAE as a {@link TrainConfig} says and writes the run directory: {@code
 * config.json} (what was asked), {@code run.json} (what happened: status, schedule warnings, best
 * epoch), {@code metrics.csv}, {@code steps.csv}, {@code kl_per_dim.csv}, their plots and {@code
 * model/} (for text also the vocabulary, and {@code latent/} plots for a 2-D latent space); with
 * {@code keep=best} also {@code model-best/}.
 */
public final class TrainRun {

    /** The name of the saved model: {@code model/dense-vae-0000.params}. */
    public static final String MODEL_NAME = "dense-vae";

    /** Where {@code --keep best} keeps the best parameters, in the run directory. */
    public static final String BEST_DIR = "model-best";

    private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);

    private TrainRun() {}

    /**
     * Runs training.
     *
     * @param config the run's configuration
     * @return what training measured
     * @throws IOException if the data cannot be read or the run directory cannot be written
     * @throws TranslateException if a batch cannot be built
     */
    public static TrainingHistory run(TrainConfig config) throws IOException, TranslateException {
        return config.model() == TrainConfig.ModelKind.TEXT ? runText(config) : runDense(config);
    }

    private static TrainingHistory runDense(TrainConfig config)
            throws IOException, TranslateException {
        Splits<ImageData> data = ImageSpecs.load(config.data(), config.seed());
        ImageData train =
                config.trainLimit() > 0 ? data.train().limit(config.trainLimit()) : data.train();
        Path out = startRun(config, data);
        try (Model model = Model.newInstance(MODEL_NAME, device(config))) {
            int dims = train.dimensions();
            DenseVae block =
                    new DenseVae(
                            dims, config.hidden(), config.latent(), config.likelihood().learnedScale());
            model.setBlock(block);
            NDManager manager = model.getNDManager();
            long stepsPerEpoch = (train.count() + config.batchSize() - 1) / config.batchSize();
            TrainingHistory history = new TrainingHistory(0);
            return train(
                    config,
                    model,
                    dataset(manager, train, config.batchSize(), true),
                    dataset(manager, data.validation(), config.batchSize(), false),
                    stepsPerEpoch,
                    List.of(new ImageDiagnosticsListener(block, history, dims)),
                    out,
                    history,
                    new Shape(config.batchSize(), dims));
        }
    }

    private static TrainingHistory runText(TrainConfig config)
            throws IOException, TranslateException {
        Splits<Corpus> corpus = TextSpecs.load(config.data(), config.holdout(), config.seed());
        Corpus trainText =
                config.trainLimit() > 0 ? corpus.train().limit(config.trainLimit()) : corpus.train();
        Vocabulary vocabulary =
                Vocabulary.build(trainText, config.maxVocabulary(), config.minCount());
        Path out = startRun(config, corpus);
        TextVaeSizes sizes =
                new TextVaeSizes(
                        vocabulary.size(),
                        config.embedding(),
                        config.hidden(),
                        config.latent(),
                        config.decoderDropout(),
                        config.wordDropout());
        TextModelStore.saveDescription(out.resolve("model"), sizes, vocabulary);
        if (config.keep() == TrainConfig.Keep.BEST) {
            TextModelStore.saveDescription(out.resolve(BEST_DIR), sizes, vocabulary);
        }
        try (Model model = Model.newInstance(TextModelStore.MODEL_NAME, device(config))) {
            TextVae block = new TextVae(sizes, Vocabulary.UNK_ID);
            model.setBlock(block);
            SentenceBatches trainSet =
                    new SentenceBatches(trainText, vocabulary, config.batchSize(), true, config.seed());
            SentenceBatches validationSet =
                    new SentenceBatches(
                            corpus.validation(), vocabulary, config.batchSize(), false, config.seed());
            TrainingHistory history = new TrainingHistory(0);
            List<TrainingListener> extra = new ArrayList<>();
            extra.add(
                    new TextDiagnosticsListener(
                            block, validationSet, history, config.iwSamples(), config.seed()));
            if (config.latent() == 2 && corpus.validation().labels() != null) {
                extra.add(
                        new LatentScatterListener(
                                block, validationSet, out.resolve("latent"), config.epochs()));
            }
            return train(
                    config,
                    model,
                    trainSet,
                    validationSet,
                    trainSet.batchesPerEpoch(),
                    extra,
                    out,
                    history,
                    new Shape(config.batchSize(), 4),
                    new Shape(config.batchSize(), 5),
                    new Shape(config.batchSize()));
        }
    }

    // Creates the run directory and writes config.json, once the data has loaded and matches the
    // config's record; seeds the engine.
    private static Path startRun(TrainConfig config, Splits<?> data) throws IOException {
        Map<Path, String> hashes = RunConfigFile.hashes(data.files());
        RunConfigFile.checkUnchanged(config.expectedDataHashes(), hashes);
        Path out = createRunDirectory(config.out());
        Device device = device(config);
        RunConfigFile.write(
                out.resolve(RunConfigFile.FILE_NAME),
                config,
                hashes,
                (device != null ? device : Engine.getInstance().defaultDevice()).toString());
        Engine.getInstance().setRandomSeed((int) config.seed());
        return out;
    }

    // Listener order matters: beta and clipping act before the optimizer step; diagnostics record
    // into the history before the report listener writes it; model choice follows the checkpoint
    // and run.json is written last.
    private static TrainingHistory train(
            TrainConfig config,
            Model model,
            Dataset trainSet,
            Dataset validationSet,
            long stepsPerEpoch,
            List<TrainingListener> extra,
            Path out,
            TrainingHistory history,
            Shape... inputShapes)
            throws IOException, TranslateException {
        long totalSteps = stepsPerEpoch * config.epochs();
        List<String> warnings = ScheduleWarnings.check(config.schedule(), totalSteps, stepsPerEpoch);
        warnings.forEach(w -> LOG.warn("schedule {}: {}", config.scheduleDescription(), w));
        boolean[] settled = SettledEpochs.of(config.schedule(), stepsPerEpoch, config.epochs());
        List<Integer> settledEpochs = new ArrayList<>();
        for (int e = 0; e < settled.length; e++) {
            if (settled[e]) {
                settledEpochs.add(e + 1);
            }
        }
        RunStatus status = new RunStatus(out.resolve("run.json"), warnings, settledEpochs);
        status.write();

        VaeLoss loss = new VaeLoss(config.likelihood().create());
        List<TrainingListener> listeners = new ArrayList<>();
        listeners.add(
                new BetaAnnealingListener(config.schedule(), loss, totalSteps, stepsPerEpoch, 0));
        if (config.gradientClip() > 0) {
            listeners.add(new GradientNormClipping(config.gradientClip()));
        }
        listeners.addAll(config.trainingListeners());
        listeners.addAll(extra);
        if (config.progress()) {
            listeners.add(new ProgressListener(history, stepsPerEpoch, config.epochs()));
        }
        listeners.add(new RunReportListener(out, history, stepsPerEpoch));
        listeners.add(new CheckpointListener(out.resolve("model")));
        listeners.add(
                new ModelSelectionListener(
                        history,
                        new ModelChoice(settled, config.earlyStop()),
                        config.keep() == TrainConfig.Keep.BEST ? out.resolve(BEST_DIR) : null,
                        status));
        String checkpoint = "model/" + model.getName() + "-0000.params";
        listeners.add(new RunStatusListener(status, history, checkpoint));

        DefaultTrainingConfig trainingConfig =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(adam(config.learningRate()))
                        .addTrainingListeners(listeners.toArray(new TrainingListener[0]));
        Device device = device(config);
        if (device != null) {
            trainingConfig.optDevices(new Device[] {device});
        }
        try (Trainer trainer = model.newTrainer(trainingConfig)) {
            trainer.initialize(inputShapes);
            VaeTraining.fit(trainer, config.epochs(), trainSet, validationSet, history);
        } catch (TrainingDivergedException e) {
            String message =
                    e.getMessage() + "; "
                            + (status.lastCheckpoint() == null
                                    ? "no checkpoint was written (it diverged in the first epoch)"
                                    : "the last good checkpoint is " + out.resolve(status.lastCheckpoint())
                                            + " (epoch " + status.epochs() + ")");
            status.failed("diverged", message);
            status.write();
            throw new TrainingDivergedException(e.step(), message);
        } catch (RuntimeException | IOException | TranslateException e) {
            status.failed("failed", String.valueOf(e.getMessage()));
            status.write();
            throw e;
        }
        status.finished(history.stopReason());
        status.write();
        if (history.stopReason() != null) {
            LOG.info("stopped early after epoch {}: {}", history.epochs().size(), history.stopReason());
        }
        return history;
    }

    /** After each epoch, records the checkpoint it wrote and rewrites {@code run.json}. */
    private static final class RunStatusListener extends TrainingListenerAdapter {
        private final RunStatus status;
        private final TrainingHistory history;
        private final String checkpoint;

        RunStatusListener(RunStatus status, TrainingHistory history, String checkpoint) {
            this.status = status;
            this.history = history;
            this.checkpoint = checkpoint;
        }

        @Override
        public void onEpoch(Trainer trainer) {
            status.epochDone(history.epochs().size(), history.steps(), checkpoint);
            try {
                status.write();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write run.json", e);
            }
        }
    }

    /** Adam with a fixed learning rate, as every run and benchmark trains. */
    static Optimizer adam(double learningRate) {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) learningRate)).build();
    }

    private static Device device(TrainConfig config) {
        return config.device() == null ? null : Device.fromName(config.device());
    }

    static ArrayDataset dataset(NDManager manager, ImageData images, int batchSize, boolean shuffle) {
        NDArray pixels =
                manager.create(images.pixels(), new Shape(images.count(), images.dimensions()));
        return new ArrayDataset.Builder()
                .setData(pixels)
                .setSampling(batchSize, shuffle)
                .build();
    }

    /**
     * Creates the run directory, refusing one that already holds files so that no earlier run is
     * overwritten.
     *
     * @param out the directory
     * @return the directory
     * @throws IOException if it exists and is not empty, or cannot be created
     */
    public static Path createRunDirectory(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IOException("--out " + out + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.findAny().isPresent()) {
                    throw new IOException(
                            "--out " + out + " already exists and is not empty; choose another"
                                    + " directory or remove it (klanneal never overwrites a run)");
                }
            }
        }
        return Files.createDirectories(out);
    }
}
