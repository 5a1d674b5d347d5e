package io.klanneal.run;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import io.klanneal.config.ModelDefaults;
import io.klanneal.config.TrainOption;
import io.klanneal.data.ImageGrid;
import io.klanneal.record.RunDirectory;
import io.klanneal.train.Likelihood;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;

/**
 * A model kind: what one kind of model brings to a run (how its data is named and loaded, its
 * block, datasets, likelihood, its own options and defaults, the diagnostics it records).
 * klanneal does the rest the same way for every kind: schedules, checkpoints and resume, the run
 * record, reports, {@code compare} and Spark. The built-in kinds ({@code io.klanneal.dense},
 * {@code io.klanneal.text}) implement this interface with nothing more; a kind of one's own is a
 * class implementing it, named in {@code META-INF/services/io.klanneal.run.ModelRecipe} of its jar
 * and found through {@link java.util.ServiceLoader} on the class path or in a plugin jar ({@link
 * ModelRecipes#addPlugins}).
 *
 * @param <D> the loaded data
 */
public interface ModelRecipe<D> {

    /**
     * Returns the model kind of this name.
     *
     * @throws IllegalArgumentException naming the kinds found when there is none of that name
     */
    static ModelRecipe<?> of(String name) {
        return ModelRecipes.named(name);
    }

    /** Returns every model kind found, the built-in ones first. */
    static java.util.Collection<ModelRecipe<?>> all() {
        return ModelRecipes.all();
    }

    /**
     * Returns the kind's name, which option model takes: lower-case words joined by '-', unique
     * among the kinds found.
     */
    String name();

    /** Returns what the model is, in a line for {@code klanneal models}. */
    String description();

    /** Returns the data values option data takes for this kind, in a sentence for help. */
    String dataHelp();

    /**
     * Returns the per-model options this kind uses ({@link TrainOption.Builder#optPerModel}): its
     * own, shown in help under the kind's name, and any of klanneal's per-model options it
     * supports (e.g. {@code iw-samples}). Every other kind refuses them.
     */
    default List<TrainOption<?>> options() {
        return List.of();
    }

    /** Returns the defaults this kind gives options in place of their own, data defaults included. */
    default ModelDefaults defaults() {
        return ModelDefaults.NONE;
    }

    /**
     * Returns what else helps this kind against posterior collapse, for the collapse alarm's
     * warning after klanneal's own remedies: each a phrase with its flags, e.g. "word dropout
     * (--word-dropout 0.5)".
     */
    default List<String> collapseRemedies() {
        return List.of();
    }

    /** Returns the name the model's parameter files carry. */
    String modelName();

    /**
     * Returns the data value with its paths made absolute, so a recorded config works from any
     * directory; values that name no path are returned as they are.
     */
    String absoluteData(String data);

    /** Checks that a likelihood fits this model, naming those that do. */
    void checkLikelihood(LikelihoodSpec likelihood);

    /**
     * Reads or generates the data, before anything is written.
     *
     * @param config the run's configuration
     * @param streams the data's random streams (generated data, held-out split; seeded by option
     *     data-seed)
     * @return the data
     * @throws IOException naming the file that is missing or corrupt
     */
    D load(TrainConfig config, RandomStreams streams) throws IOException;

    /** Returns the files the data was read from, to record with their SHA-256. */
    List<Path> files(D data);

    /**
     * Writes the files a run of this kind keeps beside klanneal's (e.g. the text model's
     * vocabulary and held-out sentences), when a run starts or resumes; never when a saved run is
     * rebuilt for {@code eval} or {@code sample}. Write atomically ({@link
     * io.klanneal.io.AtomicFiles}). The default writes nothing.
     *
     * @param config the run's configuration
     * @param data the loaded data
     * @param dir the run directory
     * @throws IOException if a file cannot be written
     */
    default void writeFiles(TrainConfig config, D data, RunDirectory dir) throws IOException {}

    /**
     * Builds the model's parts, writing nothing: it is called to train and also to rebuild a saved
     * run's model for {@code eval} and {@code sample} (then the diagnostics listeners never run).
     *
     * @param config the run's configuration
     * @param data the loaded data
     * @param dir the run directory (where the kind's listeners may write during training)
     * @param history where diagnostics record
     * @param streams the run's random streams
     * @param manager the model's manager, for data held on the engine
     * @return the parts
     * @throws IOException if a file of the model kind's cannot be written
     */
    Parts assemble(
            TrainConfig config,
            D data,
            RunDirectory dir,
            TrainingHistory history,
            RandomStreams streams,
            NDManager manager)
            throws IOException;

    /**
     * Returns how {@code klanneal sample} shows what a trained model of this kind generates, or
     * empty when it does not generate. The default: empty.
     *
     * @param config the run's configuration
     * @param data the run's data, as {@link #load} read it
     */
    default Optional<Sampler> sampler(TrainConfig config, D data) {
        return Optional.empty();
    }

    /** How a model kind turns latent codes into samples a person can look at. */
    interface Sampler {

        /** Returns the file name extension of what {@link #write} writes, e.g. {@code png}. */
        String extension();

        /**
         * Generates one sample per latent code with the trained block (an evaluation pass) and
         * writes them all to one file, atomically.
         *
         * @param block the trained block, as {@link #assemble} built it
         * @param store the parameters
         * @param z latent codes, {@code (count, latent)}, drawn from the prior
         * @param random for any draw the generation makes (seeded by {@code sample --seed})
         * @param file where to write
         * @throws IOException if the file cannot be written
         */
        void write(Block block, ParameterStore store, NDArray z, Random random, Path file)
                throws IOException;

        /**
         * Returns a sampler that shows generated images side by side in one PNG ({@link
         * ImageGrid}).
         *
         * @param rows each image's height
         * @param cols each image's width
         * @param images what the block generates from the codes: {@code count * rows * cols}
         *     values in [0, 1], image after image in raster order
         */
        static Sampler imageGrid(int rows, int cols, Images images) {
            return new Sampler() {
                @Override
                public String extension() {
                    return "png";
                }

                @Override
                public void write(Block block, ParameterStore store, NDArray z, Random random, Path file)
                        throws IOException {
                    float[] pixels = images.generate(block, store, z, random);
                    ImageGrid.write(pixels, Math.toIntExact(z.getShape().get(0)), rows, cols, file);
                }
            };
        }

        /** What a model generates as images, for {@link #imageGrid}. */
        @FunctionalInterface
        interface Images {
            /** Returns one image per latent code, as {@link #imageGrid} describes. */
            float[] generate(Block block, ParameterStore store, NDArray z, Random random);
        }
    }

    /**
     * A model kind's share of a run.
     *
     * @param block the network
     * @param likelihood the decoder's likelihood
     * @param train the training set, ordered per epoch
     * @param validation the held-out set
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param inputShapes the shapes the trainer initializes the block with
     * @param diagnostics listeners that record the kind's diagnostics after each epoch
     * @param decoderReset starts the decoder afresh (option reset-decoder), or null when the
     *     model kind does not offer it
     * @param dataWarnings what the data preparation left out or changed, for the log and run.json
     */
    record Parts(
            Block block,
            Likelihood likelihood,
            Dataset train,
            Dataset validation,
            long stepsPerEpoch,
            Shape[] inputShapes,
            List<TrainingListener> diagnostics,
            Consumer<NDManager> decoderReset,
            List<String> dataWarnings) {}
}
