package io.klanneal.train;

/** Training produced a NaN or infinite loss; nothing was updated with it. */
public final class TrainingDivergedException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long step;

    /**
     * Creates the exception.
     *
     * @param step the global optimizer step whose loss was not finite
     * @param message what happened and what to try
     */
    public TrainingDivergedException(long step, String message) {
        super(message);
        this.step = step;
    }

    /** Returns the global step whose loss was not finite. */
    public long step() {
        return step;
    }
}
