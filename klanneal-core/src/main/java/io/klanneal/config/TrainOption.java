package io.klanneal.config;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One training option, defined once: its name (the {@code config.json} key and, with {@code --}
 * before it, the command-line flag), type, default, description and the range it must fall in.
 * The CLI, the Java builder ({@code TrainConfig.Builder#set}), {@code config.json} and the README's
 * table all read it from here. An option applies to every model kind unless it is {@link
 * Builder#optPerModel per model}: then only the model kinds that list it among their options use
 * it ({@code io.klanneal.run.ModelRecipe#options}).
 *
 * @param <T> the value's Java type
 */
public final class TrainOption<T> {

    /** How help marks an option a resumed run may change. */
    public static final String RESUMABLE = "May be changed by --resume.";

    private final String name;
    private final OptionType<T> type;
    private final OptionDefault<T> defaultValue;
    private final String description;
    private final boolean perModel;
    private final Predicate<T> valid;
    private final String range;
    private final boolean resumable;
    private final boolean addedLater;
    private final T valueBefore;

    private TrainOption(Builder<T> b) {
        name = b.name;
        type = b.type;
        defaultValue = b.defaultValue;
        description = b.description;
        perModel = b.perModel;
        valid = b.valid;
        range = b.range;
        resumable = b.resumable;
        addedLater = b.addedLater;
        valueBefore = b.valueBefore;
    }

    /**
     * Starts an option.
     *
     * @param name lower-case words joined by '-', e.g. {@code batch-size}
     * @param type how its value is written
     * @param <T> the value type
     * @return a builder; {@link Builder#setDescription} and {@link Builder#setDefault} are required
     */
    public static <T> Builder<T> builder(String name, OptionType<T> type) {
        return new Builder<>(name, type);
    }

    /** Returns the name: the {@code config.json} key, and the flag without {@code --}. */
    public String name() {
        return name;
    }

    /** Returns the command-line flag, {@code --NAME}. */
    public String flag() {
        return "--" + name;
    }

    public OptionType<T> type() {
        return type;
    }

    /**
     * Returns whether only the model kinds that list the option use it; otherwise every kind does.
     */
    public boolean perModel() {
        return perModel;
    }

    /** Returns the option's own default; a model kind may give another ({@link ModelDefaults}). */
    public T defaultValue() {
        return defaultValue.value();
    }

    /** Returns the option's own default as help shows it. */
    public String describeDefault() {
        return defaultValue.describe(type::format);
    }

    /** Returns the option's description, without its default. */
    public String description() {
        return description;
    }

    /**
     * Returns whether a resumed run ({@code train --resume}) may give this option another value:
     * true only for options that do not change what a step computes.
     */
    public boolean resumable() {
        return resumable;
    }

    /**
     * Returns whether the option came after runs were recorded without it, which still resume
     * with {@link #valueBefore()}.
     */
    public boolean addedLater() {
        return addedLater;
    }

    /** Returns what klanneal did before the option existed, for a config.json that lacks it. */
    public T valueBefore() {
        return valueBefore;
    }

    /** Returns the description and the option's own default, e.g. for a flag of another command. */
    public String summary() {
        return description + " Default: " + describeDefault() + ".";
    }

    /**
     * Checks a value against the option's range.
     *
     * @param value the value (null only for an option whose default is none)
     * @return the value
     * @throws IllegalArgumentException naming the option, the value and the range
     */
    public T check(T value) {
        if (value == null) {
            if (defaultValue.absent() == null) {
                throw new IllegalArgumentException("option " + name + ": must have a value");
            }
            return null;
        }
        if (!valid.test(value)) {
            throw new IllegalArgumentException(
                    "option " + name + ": must be " + range + ", got " + type.format(value));
        }
        return value;
    }

    /**
     * Parses command-line or file text into a checked value.
     *
     * @param text the text
     * @return the value
     * @throws IllegalArgumentException naming the option and what was expected
     */
    public T parse(String text) {
        T value;
        try {
            value = type.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("option " + name + ": " + e.getMessage(), e);
        }
        return check(value);
    }

    @Override
    public String toString() {
        return name;
    }

    /** Builds an {@link TrainOption}. */
    public static final class Builder<T> {
        private final String name;
        private final OptionType<T> type;
        private OptionDefault<T> defaultValue;
        private String description;
        private boolean perModel;
        private Predicate<T> valid = v -> true;
        private String range = "valid";
        private boolean resumable;
        private boolean addedLater;
        private T valueBefore;

        private Builder(String name, OptionType<T> type) {
            this.name = Objects.requireNonNull(name, "name");
            this.type = Objects.requireNonNull(type, "type");
        }

        public Builder<T> setDescription(String description) {
            this.description = description;
            return this;
        }

        public Builder<T> setDefault(OptionDefault<T> defaultValue) {
            this.defaultValue = defaultValue;
            return this;
        }

        /**
         * Makes the option one that only the model kinds listing it among their options use (and
         * the others refuse); by default every model kind uses an option.
         */
        public Builder<T> optPerModel() {
            this.perModel = true;
            return this;
        }

        /**
         * Sets the range a value must fall in.
         *
         * @param valid true for a value in range
         * @param range the range in words, completing "must be ...", e.g. "at least 1"
         * @return this builder
         */
        public Builder<T> optRange(Predicate<T> valid, String range) {
            this.valid = Objects.requireNonNull(valid);
            this.range = Objects.requireNonNull(range);
            return this;
        }

        /** Lets a resumed run change the option: it must not change what a step computes. */
        public Builder<T> optResumable() {
            this.resumable = true;
            return this;
        }

        /**
         * Marks an option added after runs were recorded without it: a config.json that lacks it
         * means this value, what klanneal did before, so those runs still resume.
         *
         * @param before the value that reproduces the behaviour before the option
         * @return this builder
         */
        public Builder<T> optAddedLater(T before) {
            this.addedLater = true;
            this.valueBefore = Objects.requireNonNull(before);
            return this;
        }

        /** Builds the option, checking that it is fully described. */
        public TrainOption<T> build() {
            if (!name.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*")) {
                throw new IllegalArgumentException("option name '" + name + "' is not lower-case words joined by '-'");
            }
            if (description == null || description.isBlank()) {
                throw new IllegalArgumentException("option " + name + " needs a description");
            }
            if (defaultValue == null) {
                throw new IllegalArgumentException("option " + name + " needs a default");
            }
            return new TrainOption<>(this);
        }
    }
}
