package io.klanneal.pixelcnn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.ModelDefaults;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OptionDefault;
import io.klanneal.config.OptionType;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.data.ImageBatches;
import io.klanneal.data.ImageData;
import io.klanneal.data.ImageSpecs;
import io.klanneal.data.Splits;
import io.klanneal.record.RunDirectory;
import io.klanneal.run.ModelRecipe;
import io.klanneal.run.TrainConfig;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.PosteriorDiagnosticsListener;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The PixelCNN VAE as a model kind: written against klanneal's public API only, in a jar of its
 * own that klanneal loads as a plugin ({@code --plugin klanneal-pixelcnn.jar --model pixelcnn}).
 */
public final class PixelCnnRecipe implements ModelRecipe<Splits<ImageData>> {

    public static final TrainOption<Integer> LAYERS =
            TrainOption.builder("pixel-layers", OptionType.INTEGER)
                    .setDescription("3x3 masked convolutions after the first 7x7 one: the decoder's strength"
                            + " (each adds one pixel of reach back in raster order).")
                    .setDefault(OptionDefault.of(3))
                    .optPerModel()
                    .optRange(v -> v >= 0, "at least 0")
                    .build();

    public static final TrainOption<Integer> CHANNELS =
            TrainOption.builder("pixel-channels", OptionType.INTEGER)
                    .setDescription("Feature maps of each masked convolution.")
                    .setDefault(OptionDefault.of(32))
                    .optPerModel()
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    private static final ModelDefaults DEFAULTS =
            ModelDefaults.builder()
                    .set(DataOptions.DATA, "generated")
                    .set(ModelOptions.HIDDEN, 256)
                    .set(OptimisationOptions.BATCH_SIZE, 64)
                    .build();

    @Override
    public String name() {
        return "pixelcnn";
    }

    @Override
    public String description() {
        return "a VAE with a dense encoder and an autoregressive PixelCNN decoder conditioned on z, over images";
    }

    @Override
    public String dataHelp() {
        return "as the dense model's: generated, fashion-mnist or idx:DIR.";
    }

    @Override
    public List<TrainOption<?>> options() {
        return List.of(LAYERS, CHANNELS, EvaluationOptions.IW_SAMPLES, ModelOptions.BN_GAMMA, ScheduleOptions.AGGRESSIVE);
    }

    @Override
    public ModelDefaults defaults() {
        return DEFAULTS;
    }

    @Override
    public List<String> collapseRemedies() {
        return List.of("a decoder that sees less of the image (--pixel-layers 1)");
    }

    @Override
    public String modelName() {
        return "pixelcnn-vae";
    }

    @Override
    public String absoluteData(String data) {
        return ImageSpecs.absolute(data);
    }

    @Override
    public void checkLikelihood(LikelihoodSpec likelihood) {
        if (!likelihood.name().equals("bernoulli")) {
            throw new IllegalArgumentException(
                    "likelihood " + likelihood + " does not fit the pixelcnn model; it takes bernoulli");
        }
    }

    @Override
    public Splits<ImageData> load(TrainConfig config, RandomStreams streams) throws IOException {
        return ImageSpecs.load(config.get(DataOptions.DATA), streams.seed(RandomStreams.Purpose.GENERATED_DATA));
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
        PixelCnnVae block = new PixelCnnVae(
                train.rows(),
                train.cols(),
                config.get(ModelOptions.HIDDEN),
                config.get(ModelOptions.LATENT),
                config.get(CHANNELS),
                config.get(LAYERS),
                config.get(ModelOptions.BN_GAMMA).floatValue());
        ImageBatches trainSet = ImageBatches.shuffled(manager, train, batchSize, streams);
        ImageBatches validationSet = ImageBatches.inOrder(manager, data.validation(), batchSize);
        return new Parts(
                block,
                config.get(ModelOptions.LIKELIHOOD).create(),
                trainSet,
                validationSet,
                trainSet.batchesPerEpoch(),
                new Shape[] {new Shape(batchSize, train.dimensions())},
                List.of(new PosteriorDiagnosticsListener(
                        block, validationSet, history, config.get(EvaluationOptions.IW_SAMPLES), streams)),
                null,
                List.of());
    }

    @Override
    public Optional<Sampler> sampler(TrainConfig config, Splits<ImageData> data) {
        return Optional.of(Sampler.imageGrid(data.validation().rows(), data.validation().cols(),
                (block, store, z, random) -> ((PixelCnnVae) block).generate(store, z, random)));
    }
}
