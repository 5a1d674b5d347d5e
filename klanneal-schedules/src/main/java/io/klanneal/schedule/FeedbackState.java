package io.klanneal.schedule;

/**
 * All a feedback schedule remembers between steps, small enough to save with a checkpoint: the
 * controller's integral, the smoothed KL it measured, and the beta it chose for the next step.
 * Schedules without feedback keep {@link #NONE}.
 *
 * @param integral the integral term
 * @param averageKl the exponential moving average of the measured KL (NaN before the first step)
 * @param beta the beta for the next step
 */
public record FeedbackState(double integral, double averageKl, double beta) {

    /** The state of a schedule that does not look at the KL. */
    public static final FeedbackState NONE = new FeedbackState(0, Double.NaN, Double.NaN);
}
