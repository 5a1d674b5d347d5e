package io.klanneal.run;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener;
import io.klanneal.config.ModelKind;
import io.klanneal.record.RunDirectory;
import io.klanneal.train.Likelihood;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * What one kind of model brings to a run: how its data is named and loaded, its block, datasets,
 * likelihood and the diagnostics it records. {@link TrainRun} does the rest the same way for every
 * kind; a new model is a new recipe, in a package of its own (as {@code io.klanneal.dense} and
 * {@code io.klanneal.text} are), found through {@link ServiceLoader} ({@code
 * META-INF/services/io.klanneal.run.ModelRecipe}), so that the run knows no model by name. Not yet
 * a stable interface for models outside klanneal.
 *
 * @param <D> the loaded data
 */
public interface ModelRecipe<D> {

    /**
     * Returns the recipe of a model kind.
     *
     * @throws IllegalStateException when no recipe of that kind is on the class path
     */
    static ModelRecipe<?> of(ModelKind kind) {
        ModelRecipe<?> recipe = ModelRecipes.BY_KIND.get(kind);
        if (recipe == null) {
            throw new IllegalStateException("no recipe for the " + kind.key() + " model on the class path"
                    + " (META-INF/services/" + ModelRecipe.class.getName() + ")");
        }
        return recipe;
    }

    /** Returns every recipe on the class path, by model kind. */
    static java.util.Collection<ModelRecipe<?>> all() {
        return java.util.Collections.unmodifiableCollection(ModelRecipes.BY_KIND.values());
    }

    /** Returns the model kind this recipe makes. */
    ModelKind kind();

    /** Returns what the model is, in a line for {@code klanneal models}. */
    String description();

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
     * Builds the model's parts once the run directory exists.
     *
     * @param config the run's configuration
     * @param data the loaded data
     * @param dir the run directory (for files the model kind writes itself)
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
