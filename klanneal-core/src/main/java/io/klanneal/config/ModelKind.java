package io.klanneal.config;

import java.util.Locale;

/** The model a run trains; an option names it in lower case ({@code dense}, {@code text}). */
public enum ModelKind {
    /** Dense encoder and decoder over images. */
    DENSE,
    /** LSTM encoder and decoder over sentences (a softmax over the vocabulary). */
    TEXT;

    /** Returns the name options and files use. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
