package io.klanneal.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The defaults a model kind gives options in place of the options' own, and those it gives for one
 * named data value (the text model's toy set trains a 2-D latent space by default). Options it does
 * not name keep their own default.
 */
public final class ModelDefaults {

    /** No defaults of a model's own. */
    public static final ModelDefaults NONE = builder().build();

    private final Map<TrainOption<?>, Object> values;
    private final Map<String, Map<TrainOption<?>, Object>> byData;

    private ModelDefaults(Builder b) {
        values = Map.copyOf(b.values);
        Map<String, Map<TrainOption<?>, Object>> data = new LinkedHashMap<>();
        b.byData.forEach((name, map) -> data.put(name, Map.copyOf(map)));
        byData = java.util.Collections.unmodifiableMap(data);
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns the default of an option for a run on {@code data}.
     *
     * @param option the option
     * @param data the run's data value, or null when not known
     * @param <T> its type
     * @return the model's default for that data, else the model's, else the option's own
     */
    @SuppressWarnings("unchecked")
    public <T> T value(TrainOption<T> option, String data) {
        Map<TrainOption<?>, Object> forData = data == null ? Map.of() : byData.getOrDefault(data, Map.of());
        if (forData.containsKey(option)) {
            return (T) forData.get(option);
        }
        return values.containsKey(option) ? (T) values.get(option) : option.defaultValue();
    }

    /** Returns whether this model gives the option a default of its own, for any data. */
    public boolean changes(TrainOption<?> option) {
        return values.containsKey(option) || byData.values().stream().anyMatch(m -> m.containsKey(option));
    }

    /** Returns the data values with defaults of their own, with the options each changes. */
    public Map<String, Map<TrainOption<?>, Object>> byData() {
        return byData;
    }

    /** Builds {@link ModelDefaults}. */
    public static final class Builder {
        private final Map<TrainOption<?>, Object> values = new LinkedHashMap<>();
        private final Map<String, Map<TrainOption<?>, Object>> byData = new LinkedHashMap<>();

        private Builder() {}

        /** Gives an option the model's own default. */
        public <T> Builder set(TrainOption<T> option, T value) {
            values.put(option, option.check(Objects.requireNonNull(value)));
            return this;
        }

        /** Gives an option a default for runs whose option data is {@code data}. */
        public <T> Builder setForData(String data, TrainOption<T> option, T value) {
            byData.computeIfAbsent(data, d -> new LinkedHashMap<>()).put(option, option.check(Objects.requireNonNull(value)));
            return this;
        }

        public ModelDefaults build() {
            return new ModelDefaults(this);
        }
    }
}
