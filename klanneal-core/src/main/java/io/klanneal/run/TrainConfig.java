package io.klanneal.run;

import ai.djl.training.listener.TrainingListener;
import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelDefaults;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.train.LikelihoodSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs: the value of every option its model kind uses (see
 * {@link ModelRecipes#allOptions()}), the run directory and the caller's own listeners. Build with {@link
 * #builder()}; {@link Builder#setOut} is required, every option has a default.
 */
public final class TrainConfig {

    private final ModelRecipe<?> model;
    private final Map<TrainOption<?>, Object> values;
    private final Path out;
    private final Map<Path, String> expectedDataHashes;
    private final List<TrainingListener> trainingListeners;

    private TrainConfig(ModelRecipe<?> model, Map<TrainOption<?>, Object> values, Builder b) {
        this.model = model;
        this.values = values;
        out = b.out;
        expectedDataHashes = Map.copyOf(b.expectedDataHashes);
        trainingListeners = List.copyOf(b.trainingListeners);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Returns the model kind the run trains. */
    public ModelRecipe<?> model() {
        return model;
    }

    /**
     * Returns an option's value, its default filled in. An option this model kind does not use
     * reads as its own default, which changes nothing in this run (a dense run has no decoder to
     * reset), so
     * code shared by every kind reads any option without asking which kind runs.
     *
     * @param option the option
     * @param <T> its type
     * @return the value (null only where the default is none, as for the device)
     */
    @SuppressWarnings("unchecked")
    public <T> T get(TrainOption<T> option) {
        return values.containsKey(option) ? (T) values.get(option) : option.defaultValue();
    }

    /** Returns every option this run's model kind uses with its value, in help order. */
    public Map<TrainOption<?>, Object> options() {
        return java.util.Collections.unmodifiableMap(values);
    }

    public Path out() {
        return out;
    }

    /**
     * Returns the SHA-256 each data file had in the run this configuration was read from, by
     * absolute path; empty unless read from a {@code config.json} with its data unchanged.
     */
    public Map<Path, String> expectedDataHashes() {
        return expectedDataHashes;
    }

    /** Returns the epochs the run trains: option epochs after option pretrain-epochs. */
    public int totalEpochs() {
        return get(OptimisationOptions.EPOCHS) + get(ScheduleOptions.PRETRAIN_EPOCHS);
    }

    /**
     * Returns a builder holding this configuration: every option, the run directory, the data
     * hashes to check and the caller's listeners.
     */
    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.given.putAll(values);
        builder.out = out;
        builder.expectedDataHashes = expectedDataHashes;
        builder.trainingListeners.addAll(trainingListeners);
        return builder;
    }

    /** Returns the caller's own listeners, run after beta is set and gradients are clipped. */
    public List<TrainingListener> trainingListeners() {
        return trainingListeners;
    }

    /** Builds a {@link TrainConfig}, checking every option. */
    public static final class Builder {
        private final Map<TrainOption<?>, Object> given = new LinkedHashMap<>();
        private Path out;
        private Map<Path, String> expectedDataHashes = Map.of();
        private final List<TrainingListener> trainingListeners = new ArrayList<>();

        private Builder() {}

        /**
         * Sets an option, e.g. {@code set(OptimisationOptions.EPOCHS, 20)}.
         *
         * @param option the option
         * @param value its value
         * @param <T> its type
         * @return this builder
         * @throws IllegalArgumentException naming the option when the value is out of its range
         */
        public <T> Builder set(TrainOption<T> option, T value) {
            given.put(option, option.check(value));
            if (option == DataOptions.DATA) {
                expectedDataHashes = Map.of();
            }
            return this;
        }

        /**
         * Makes the run fail unless its data files still have these SHA-256 sums; set when a
         * {@code config.json} is read, cleared by setting the data.
         *
         * @param hashes hex SHA-256 by absolute path
         * @return this builder
         */
        public Builder optExpectedDataHashes(Map<Path, String> hashes) {
            this.expectedDataHashes = Map.copyOf(hashes);
            return this;
        }

        /**
         * Adds listeners of the caller's own, as DJL's {@code DefaultTrainingConfig} does: they
         * see every step after backward (beta already set for it, gradients clipped) and before the
         * optimizer, and every epoch before the run's reports are written. Being code, they are
         * not recorded in {@code config.json}.
         *
         * @param listeners the listeners
         * @return this builder
         */
        public Builder addTrainingListeners(TrainingListener... listeners) {
            trainingListeners.addAll(List.of(listeners));
            return this;
        }

        /** Sets the run directory (required); it must not exist or be empty. */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /**
         * Builds the configuration: defaults for the options not set, data paths made absolute.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming an option that does not apply to the model, or
         *     one that does not fit the others
         */
        public TrainConfig build() {
            if (out == null) {
                throw new IllegalArgumentException("the run directory (out) must be set");
            }
            ModelRecipe<?> recipe =
                    ModelRecipe.of((String) given.getOrDefault(DataOptions.MODEL, DataOptions.MODEL.defaultValue()));
            List<String> foreign = new ArrayList<>();
            for (TrainOption<?> option : given.keySet()) {
                if (!ModelRecipes.uses(recipe, option)) {
                    List<String> users = ModelRecipes.using(option).stream().map(ModelRecipe::name).toList();
                    foreign.add(option.name() + " (" + (users.isEmpty() ? "no kind found" : String.join(", ", users)) + " only)");
                }
            }
            if (!foreign.isEmpty()) {
                throw new IllegalArgumentException(
                        "the " + recipe.name() + " model does not use "
                                + (foreign.size() == 1 ? "option " : "options ") + String.join(", ", foreign)
                                + "; leave " + (foreign.size() == 1 ? "it" : "them") + " out");
            }
            ModelDefaults defaults = recipe.defaults();
            String data = given.containsKey(DataOptions.DATA)
                    ? (String) given.get(DataOptions.DATA)
                    : defaults.value(DataOptions.DATA, null);
            Map<TrainOption<?>, Object> values = new LinkedHashMap<>();
            for (TrainOption<?> option : ModelRecipes.allOptions()) {
                if (ModelRecipes.uses(recipe, option)) {
                    values.put(option, given.containsKey(option) ? given.get(option) : defaults.value(option, data));
                }
            }
            if (data == null) {
                throw new IllegalArgumentException("option data: the " + recipe.name() + " model has no built-in"
                        + " data; give option data (" + recipe.dataHelp() + ")");
            }
            values.put(DataOptions.DATA, recipe.absoluteData(data));
            recipe.checkLikelihood((LikelihoodSpec) values.get(ModelOptions.LIKELIHOOD));
            if (Boolean.TRUE.equals(values.get(ScheduleOptions.RESET_DECODER))
                    && (Integer) values.get(ScheduleOptions.PRETRAIN_EPOCHS) == 0) {
                throw new IllegalArgumentException(
                        "option reset-decoder resets the decoder after pretraining; give option"
                                + " pretrain-epochs too (e.g. 2)");
            }
            return new TrainConfig(recipe, values, this);
        }
    }
}
