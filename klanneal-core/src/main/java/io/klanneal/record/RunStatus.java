package io.klanneal.record;

import java.util.Arrays;

/** Where a run stands, as {@code run.json}'s {@code status} says it in one word. */
public enum RunStatus {
    /** Its process is training it (or was, until it died without a word: see {@link RunRecord#read}). */
    RUNNING("running"),
    /** It trained all its epochs. */
    FINISHED("finished"),
    /** Early stopping ended it. */
    STOPPED_EARLY("stopped_early"),
    /** A NaN or infinite loss ended it. */
    DIVERGED("diverged"),
    /** Any other error ended it. */
    FAILED("failed"),
    /** A signal stopped it, or its process is gone while run.json still said running. */
    INTERRUPTED("interrupted"),
    /** It has no readable run.json yet. */
    NOT_STARTED("not started");

    private final String word;

    RunStatus(String word) {
        this.word = word;
    }

    /** Returns the word run.json and the reports use. */
    public String word() {
        return word;
    }

    /**
     * Reads a status word.
     *
     * @param word as written in run.json
     * @return the status; {@link #NOT_STARTED} for a word this klanneal does not know
     */
    public static RunStatus of(String word) {
        return Arrays.stream(values()).filter(s -> s.word.equals(word)).findFirst().orElse(NOT_STARTED);
    }

    /** True when the run will not change any more: it finished, stopped early or diverged. */
    public boolean ended() {
        return this == FINISHED || this == STOPPED_EARLY || this == DIVERGED;
    }

    /** True when the run trained to its end (or to an early stop). */
    public boolean succeeded() {
        return this == FINISHED || this == STOPPED_EARLY;
    }

    @Override
    public String toString() {
        return word;
    }
}
