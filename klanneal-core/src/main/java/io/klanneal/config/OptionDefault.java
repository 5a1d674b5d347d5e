package io.klanneal.config;

import java.util.Objects;
import java.util.function.Function;

/**
 * An option's default, which may differ by model and for the toy text set (small sizes for a
 * 2-D latent space). Help text is written from the same values the run uses, so the two cannot
 * disagree.
 *
 * @param dense the default for the dense model
 * @param text the default for the text model
 * @param toy the default for the text model on the toy set
 * @param absent what the default means when it is null (e.g. "DJL's default device"), else null
 * @param <T> the value type
 */
public record OptionDefault<T>(T dense, T text, T toy, String absent) {

    /** The same default for every model. */
    public static <T> OptionDefault<T> of(T value) {
        return new OptionDefault<>(value, value, value, null);
    }

    /** A default for each model; the toy set takes the text default. */
    public static <T> OptionDefault<T> byModel(T dense, T text) {
        return new OptionDefault<>(dense, text, text, null);
    }

    /** A default for each model and for the toy text set. */
    public static <T> OptionDefault<T> byModel(T dense, T text, T toy) {
        return new OptionDefault<>(dense, text, toy, null);
    }

    /** No value unless given; {@code meaning} says what happens then. */
    public static <T> OptionDefault<T> none(String meaning) {
        return new OptionDefault<>(null, null, null, Objects.requireNonNull(meaning));
    }

    /**
     * Returns the default for a run.
     *
     * @param model the run's model
     * @param toy whether the run trains the text model on the toy set
     * @return the default, or null for {@link #none}
     */
    public T value(ModelKind model, boolean toy) {
        return model == ModelKind.DENSE ? dense : toy ? toy() : text;
    }

    /**
     * Returns "Default: ..." for help, naming the models an option applies to where they differ.
     *
     * @param models the models the option applies to
     * @param format writes a value as a user types it
     * @return the sentence
     */
    String describe(java.util.Set<ModelKind> models, Function<T, String> format) {
        if (absent != null) {
            return "Default: " + absent + ".";
        }
        boolean both = models.size() > 1;
        String textPart = format.apply(text) + (Objects.equals(text, toy) ? "" : " (toy " + format.apply(toy) + ")");
        if (!both) {
            return "Default: " + (models.contains(ModelKind.DENSE) ? format.apply(dense) : textPart) + ".";
        }
        if (Objects.equals(dense, text)) {
            return "Default: " + textPart + ".";
        }
        return "Default: dense " + format.apply(dense) + ", text " + textPart + ".";
    }
}
