package io.klanneal.dense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelDefaults;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.data.ImageBatches;
import io.klanneal.data.ImageData;
import io.klanneal.data.ImageSpecs;
import io.klanneal.data.Splits;
import io.klanneal.record.RunDirectory;
import io.klanneal.run.ModelRecipe;
import io.klanneal.run.TrainConfig;
import io.klanneal.train.Likelihood;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The dense VAE over images. */
public final class DenseRecipe implements ModelRecipe<Splits<ImageData>> {

    /** The name of the saved model: {@code model/dense-vae-0000.params}. */
    public static final String MODEL_NAME = "dense-vae";

    private static final ModelDefaults DEFAULTS = ModelDefaults.builder().set(DataOptions.DATA, "generated").build();

    @Override
    public String name() {
        return "dense";
    }

    @Override
    public String dataHelp() {
        return "generated (built in, seeded), fashion-mnist (Debian's dataset-fashion-mnist) or idx:DIR"
                + " (any MNIST-format directory).";
    }

    @Override
    public List<TrainOption<?>> options() {
        return List.of(ModelOptions.BN_GAMMA, ScheduleOptions.AGGRESSIVE);
    }

    @Override
    public ModelDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public String description() {
        return "a VAE with dense encoder and decoder over images (MNIST-format IDX files, or generated)";
    }

    @Override
    public String modelName() {
        return MODEL_NAME;
    }

    @Override
    public String absoluteData(String data) {
        return ImageSpecs.absolute(data);
    }

    @Override
    public void checkLikelihood(LikelihoodSpec likelihood) {
        if (likelihood.name().equals("categorical")) {
            throw new IllegalArgumentException(
                    "likelihood " + likelihood + " does not fit the dense model; dense takes"
                            + " bernoulli, gaussian:sigma=X or gaussian:learned");
        }
    }

    @Override
    public Splits<ImageData> load(TrainConfig config, RandomStreams streams) throws java.io.IOException {
        return ImageSpecs.load(
                config.get(DataOptions.DATA), streams.seed(RandomStreams.Purpose.GENERATED_DATA));
    }

    @Override
    public List<Path> files(Splits<ImageData> data) {
        return data.files();
    }

    @Override
    public Parts assemble(
            TrainConfig config,
            Splits<ImageData> data,
            RunDirectory dir,
            TrainingHistory history,
            RandomStreams streams,
            NDManager manager) {
        int limit = config.get(DataOptions.TRAIN_LIMIT);
        ImageData train = limit > 0 ? data.train().limit(limit) : data.train();
        int batchSize = config.get(OptimisationOptions.BATCH_SIZE);
        Likelihood likelihood = config.get(ModelOptions.LIKELIHOOD).create();
        DenseVae block =
                new DenseVae(
                        train.dimensions(),
                        config.get(ModelOptions.HIDDEN),
                        config.get(ModelOptions.LATENT),
                        likelihood);
        block.initializeAs(config.get(ModelOptions.INIT));
        double gamma = config.get(ModelOptions.BN_GAMMA);
        if (gamma > 0) {
            block.normalizeMeans((float) gamma);
        }
        ImageBatches trainSet = ImageBatches.shuffled(manager, train, batchSize, streams);
        return new Parts(
                block,
                likelihood,
                trainSet,
                ImageBatches.inOrder(manager, data.validation(), batchSize),
                trainSet.batchesPerEpoch(),
                new Shape[] {new Shape(batchSize, train.dimensions())},
                List.of(new ImageDiagnosticsListener(block, history, train.dimensions())),
                null,
                List.of());
    }

    // Each image is the decoder's mean: Bernoulli probabilities, or the Gaussian's mu.
    @Override
    public Optional<Sampler> sampler(TrainConfig config, Splits<ImageData> data) {
        boolean logits = config.get(ModelOptions.LIKELIHOOD).name().equals("bernoulli");
        return Optional.of(Sampler.imageGrid(data.validation().rows(), data.validation().cols(),
                (block, store, z, random) -> {
                    NDArray decoded = ((DenseVae) block).decode(store, z, false);
                    return (logits ? Activation.sigmoid(decoded) : decoded).toFloatArray();
                }));
    }
}
