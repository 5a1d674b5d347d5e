package io.klanneal.schedule;

/**
 * Where training stands: the global optimizer step (0-based) out of {@code totalSteps}, with
 * {@code stepsPerEpoch} steps in each epoch. This is the whole input of a {@link BetaSchedule}, so a
 * schedule can be plotted, tested and resumed without a model.
 *
 * @param step the global optimizer step, 0-based
 * @param totalSteps the number of optimizer steps in the whole training run
 * @param stepsPerEpoch the number of optimizer steps in one epoch
 */
public record Progress(long step, long totalSteps, long stepsPerEpoch) {

    public Progress {
        if (totalSteps < 1) {
            throw new IllegalArgumentException("totalSteps must be at least 1, got " + totalSteps);
        }
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException(
                    "stepsPerEpoch must be at least 1, got " + stepsPerEpoch);
        }
        if (step < 0) {
            throw new IllegalArgumentException("step must not be negative, got " + step);
        }
    }

    /**
     * Progress through a run that counts steps only; each step is its own epoch.
     *
     * @param step the global optimizer step
     * @param totalSteps the number of steps in the run
     * @return the progress
     */
    public static Progress ofSteps(long step, long totalSteps) {
        return new Progress(step, totalSteps, 1);
    }

    /** Returns the 0-based epoch that {@link #step} falls in. */
    public int epoch() {
        return Math.toIntExact(step / stepsPerEpoch);
    }

    /** Returns the same run at the first step of the current epoch. */
    public Progress atEpochStart() {
        return new Progress(epoch() * stepsPerEpoch, totalSteps, stepsPerEpoch);
    }

    /** Returns the fraction of training done before this step, in [0, 1). */
    public double fraction() {
        return (double) step / totalSteps;
    }
}
