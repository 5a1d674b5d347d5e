package io.klanneal.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * An option's default for every model; a model kind may give some options defaults of its own
 * ({@link ModelDefaults}). Help text is written from the same values the run uses, so the two
 * cannot disagree.
 *
 * @param value the default
 * @param absent what the default means when it is null (e.g. "DJL's default device"), else null
 * @param <T> the value type
 */
public record OptionDefault<T>(T value, String absent) {

    /** A default value. */
    public static <T> OptionDefault<T> of(T value) {
        return new OptionDefault<>(Objects.requireNonNull(value), null);
    }

    /** No value unless given; {@code meaning} says what happens then. */
    public static <T> OptionDefault<T> none(String meaning) {
        return new OptionDefault<>(null, Objects.requireNonNull(meaning));
    }

    /** Returns the value as help shows it: the meaning of an absent default, or the value. */
    String describe(Function<T, String> format) {
        return absent != null ? absent : format.apply(value);
    }
}
