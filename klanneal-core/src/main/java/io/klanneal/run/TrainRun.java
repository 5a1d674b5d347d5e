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
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.klanneal.data.ImageData;
import io.klanneal.data.ImageSpecs;
import io.klanneal.data.Splits;
import io.klanneal.model.DenseVae;
import io.klanneal.report.CheckpointListener;
import io.klanneal.report.ProgressListener;
import io.klanneal.report.RunReportListener;
import io.klanneal.train.BernoulliLikelihood;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeLoss;
import io.klanneal.train.VaeTraining;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Trains a dense VAE as a {@link TrainConfig} says and writes the run directory: {@code
 * metrics.csv}, {@code steps.csv}, {@code losses.png}, {@code beta.png} and {@code model/}.
 */
public final class TrainRun {

    /** The name of the saved model: {@code model/dense-vae-0000.params}. */
    public static final String MODEL_NAME = "dense-vae";

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
        Splits<ImageData> data = ImageSpecs.load(config.data(), config.seed());
        ImageData train =
                config.trainLimit() > 0 ? data.train().limit(config.trainLimit()) : data.train();
        Path out = createRunDirectory(config.out());

        Engine.getInstance().setRandomSeed((int) config.seed());
        Device device = config.device() == null ? null : Device.fromName(config.device());
        try (Model model = Model.newInstance(MODEL_NAME, device)) {
            int dims = train.dimensions();
            model.setBlock(new DenseVae(dims, config.hidden(), config.latent()));
            NDManager manager = model.getNDManager();
            ArrayDataset trainSet = dataset(manager, train, config.batchSize(), true);
            ArrayDataset validationSet =
                    dataset(manager, data.validation(), config.batchSize(), false);

            long stepsPerEpoch = (train.count() + config.batchSize() - 1) / config.batchSize();
            long totalSteps = stepsPerEpoch * config.epochs();
            TrainingHistory history = new TrainingHistory(0);
            VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
            List<TrainingListener> listeners = new ArrayList<>();
            listeners.add(
                    new BetaAnnealingListener(
                            config.schedule(), loss, totalSteps, stepsPerEpoch, 0));
            if (config.progress()) {
                listeners.add(new ProgressListener(history, stepsPerEpoch, config.epochs()));
            }
            listeners.add(new RunReportListener(out, history, stepsPerEpoch));
            listeners.add(new CheckpointListener(out.resolve("model")));

            DefaultTrainingConfig trainingConfig =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(
                                    Optimizer.adam()
                                            .optLearningRateTracker(
                                                    Tracker.fixed((float) config.learningRate()))
                                            .build())
                            .addTrainingListeners(listeners.toArray(new TrainingListener[0]));
            if (device != null) {
                trainingConfig.optDevices(new Device[] {device});
            }
            try (Trainer trainer = model.newTrainer(trainingConfig)) {
                trainer.initialize(new Shape(config.batchSize(), dims));
                VaeTraining.fit(trainer, config.epochs(), trainSet, validationSet, history);
            }
            return history;
        }
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
