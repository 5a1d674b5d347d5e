package io.klanneal.train;

import ai.djl.training.tracker.Tracker;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.Progress;

/** A beta schedule where DJL expects a {@link Tracker}: {@code numUpdate} is the global step. */
public final class BetaTracker implements Tracker {

    private final BetaSchedule schedule;
    private final long totalSteps;
    private final long stepsPerEpoch;

    /**
     * Adapts a schedule for a run of known length.
     *
     * @param schedule the schedule
     * @param totalSteps optimizer steps in the whole run
     * @param stepsPerEpoch optimizer steps in one epoch
     */
    public BetaTracker(BetaSchedule schedule, long totalSteps, long stepsPerEpoch) {
        new Progress(0, totalSteps, stepsPerEpoch); // checks the arguments
        this.schedule = schedule;
        this.totalSteps = totalSteps;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) schedule.beta(new Progress(numUpdate, totalSteps, stepsPerEpoch));
    }
}
