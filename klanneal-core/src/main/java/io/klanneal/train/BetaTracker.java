package io.klanneal.train;

import ai.djl.training.tracker.Tracker;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.BoundSchedule;

/** A beta schedule where DJL expects a {@link Tracker}: {@code numUpdate} is the global step. */
public final class BetaTracker implements Tracker {

    private final BoundSchedule schedule;

    /**
     * Adapts a schedule for a run of known length.
     *
     * @param schedule the schedule
     * @param totalSteps optimizer steps in the whole run
     * @param stepsPerEpoch optimizer steps in one epoch
     */
    public BetaTracker(BetaSchedule schedule, long totalSteps, long stepsPerEpoch) {
        this.schedule = BoundSchedule.of(schedule, totalSteps, stepsPerEpoch);
    }

    @Override
    public float getNewValue(int numUpdate) {
        return (float) schedule.beta(numUpdate);
    }
}
