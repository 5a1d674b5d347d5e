package io.klanneal.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.translate.TranslateException;
import io.klanneal.config.DataOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.record.RunDirectory;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.PosteriorEstimates;
import io.klanneal.train.PosteriorModel;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeLoss;
import io.klanneal.train.VaeTrainer;
import io.klanneal.train.VaeTraining;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntConsumer;

/**
 * A trained run's model rebuilt for {@code eval} and {@code sample}, whatever its kind: the run's
 * {@code config.json} read (its plugin loaded), its data read again (checked by SHA-256) or other
 * data of the same kind, the kind's parts assembled ({@link ModelRecipe#assemble} writes nothing)
 * and the parameters of its {@code model/} loaded. Nothing in the run directory is written.
 */
public final class SavedModel implements AutoCloseable {

    private final Path run;
    private final TrainConfig config;
    private final Model model;
    private final ModelRecipe.Parts parts;
    private final Optional<ModelRecipe.Sampler> sampler;

    private SavedModel(
            Path run, TrainConfig config, Model model, ModelRecipe.Parts parts, Optional<ModelRecipe.Sampler> sampler) {
        this.run = run;
        this.config = config;
        this.model = model;
        this.parts = parts;
        this.sampler = sampler;
    }

    /**
     * A held-out set's numbers: the mean loss terms per example and, for a {@link PosteriorModel},
     * its posterior diagnostics.
     *
     * @param terms reconstruction and KL per example (-ELBO is their sum)
     * @param posterior active units, mutual information and IW-NLL, when the block is a {@link
     *     PosteriorModel}
     */
    public record Evaluation(EpochSummary.MeanTerms terms, Optional<PosteriorEstimates.Summary> posterior) {}

    /**
     * Rebuilds a run's trained model.
     *
     * @param run the run directory
     * @param data the data to evaluate on instead of the run's own (a value option data takes for
     *     the run's kind), or null for the run's own held-out set
     * @param batchSize examples per batch, or 0 for the run's own
     * @return the model; close it
     * @throws IOException naming what is missing, corrupt or changed: the config, the data, the
     *     parameters
     */
    public static SavedModel load(Path run, String data, int batchSize) throws IOException {
        Path configFile = run.resolve(RunDirectory.CONFIG_FILE);
        if (!Files.isRegularFile(configFile)) {
            throw new IOException("no trained run in " + run + ": expected " + configFile + " (written by klanneal train)");
        }
        // A schedule is not needed to evaluate, and a custom one cannot be rebuilt from its description.
        TrainConfig.Builder builder = RunConfigFile.read(configFile, Set.of(ScheduleOptions.SCHEDULE.name())).setOut(run);
        if (data != null) {
            builder.set(DataOptions.DATA, data).optExpectedDataHashes(java.util.Map.of());
        }
        if (batchSize > 0) {
            builder.set(OptimisationOptions.BATCH_SIZE, batchSize);
        }
        TrainConfig config;
        try {
            config = builder.build();
        } catch (IllegalArgumentException e) {
            throw new IOException(configFile + ": " + e.getMessage(), e);
        }
        return load(run, config, config.model());
    }

    private static <D> SavedModel load(Path run, TrainConfig config, ModelRecipe<D> recipe) throws IOException {
        RandomStreams streams = new RandomStreams(config.get(OptimisationOptions.SEED));
        Long dataSeed = config.get(DataOptions.DATA_SEED);
        D data = recipe.load(config, dataSeed == null ? streams : new RandomStreams(dataSeed));
        RunConfigFile.checkUnchanged(config.expectedDataHashes(), RunConfigFile.hashes(recipe.files(data)));
        Path modelDir = RunDirectory.modelDirOf(run);
        Model model = Model.newInstance(recipe.modelName());
        try {
            ModelRecipe.Parts parts = recipe.assemble(
                    config, data, RunDirectory.at(run), new TrainingHistory(0), streams, model.getNDManager());
            model.setBlock(parts.block());
            parts.block().initialize(model.getNDManager(), DataType.FLOAT32, parts.inputShapes());
            model.load(modelDir, recipe.modelName());
            return new SavedModel(run, config, model, parts, recipe.sampler(config, data));
        } catch (MalformedModelException | IOException | RuntimeException e) {
            model.close();
            // DJL fails on a truncated file without a message.
            String reason = e.getMessage() != null && !(e instanceof EOFException)
                    ? e.getMessage()
                    : "a parameter file there is truncated or corrupt (" + e.getClass().getSimpleName()
                            + "); train the model again or copy the run's model/ directory anew";
            throw new IOException("could not load the " + recipe.name() + " model in " + modelDir + ": " + reason, e);
        }
    }

    /** Returns the run's configuration (with the data evaluated on). */
    public TrainConfig config() {
        return config;
    }

    /** Returns the latent dimensions of the model. */
    public int latent() {
        return config.get(io.klanneal.config.ModelOptions.LATENT);
    }

    /**
     * Evaluates the model on the held-out set of its data: reconstruction, KL and -ELBO per example
     * and, for a {@link PosteriorModel}, active units, mutual information and the IW-NLL.
     *
     * @param iwSamples K of the importance-weighted NLL (0: skip)
     * @param seed seeds z and the importance and mutual-information samples
     * @param progress told the examples done after each batch of the posterior pass
     * @return the numbers
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be built
     */
    public Evaluation evaluate(int iwSamples, long seed, IntConsumer progress) throws IOException, TranslateException {
        RandomStreams streams = new RandomStreams(seed);
        streams.seedEngine(RandomStreams.Purpose.INFERENCE);
        EpochSummary.MeanTerms terms;
        try (Trainer trainer = VaeTrainer.create(model, new DefaultTrainingConfig(new VaeLoss(parts.likelihood())))) {
            terms = VaeTraining.evaluate(trainer, parts.validation(), 1f);
        }
        if (!(parts.block() instanceof PosteriorModel posterior)) {
            return new Evaluation(terms, Optional.empty());
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            return new Evaluation(terms, Optional.of(PosteriorEstimates.summarize(
                    posterior, new ParameterStore(manager, false), parts.validation(), manager, iwSamples,
                    streams.random(RandomStreams.Purpose.MUTUAL_INFORMATION), progress)));
        }
    }

    /** Returns whether the model's kind generates samples ({@link ModelRecipe#sampler}). */
    public boolean generates() {
        return sampler.isPresent();
    }

    /** Returns the file name extension of the samples, e.g. {@code png}. */
    public String sampleExtension() {
        return sampler.orElseThrow(this::cannotGenerate).extension();
    }

    /**
     * Draws {@code count} latent codes from the prior and writes what the model generates from them.
     *
     * @param count the number of samples
     * @param seed seeds the codes and any draw the generation makes
     * @param file where to write
     * @throws IOException if the file cannot be written
     * @throws IllegalStateException if the kind does not generate
     */
    public void sample(int count, long seed, Path file) throws IOException {
        ModelRecipe.Sampler writer = sampler.orElseThrow(this::cannotGenerate);
        RandomStreams streams = new RandomStreams(seed);
        streams.seedEngine(RandomStreams.Purpose.INFERENCE);
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray z = manager.randomNormal(new Shape(count, latent()));
            writer.write(parts.block(), new ParameterStore(manager, false), z,
                    streams.random(RandomStreams.Purpose.INFERENCE), file);
        }
    }

    private IllegalStateException cannotGenerate() {
        return new IllegalStateException(
                "the " + config.model().name() + " model of " + run + " does not generate samples (its kind offers no sampler)");
    }

    @Override
    public void close() {
        model.close();
    }
}
