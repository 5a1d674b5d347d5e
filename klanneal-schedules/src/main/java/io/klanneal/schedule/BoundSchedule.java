package io.klanneal.schedule;

/**
 * A schedule bound to one run's length, as training builds it once the run's steps are known:
 * beta is then a function of the global step alone (and, for a feedback schedule, of its state),
 * as an Optax schedule is a function of the step count. Extending the run is arithmetic on the
 * built schedule ({@link #firstChangedStep}), not a replay of what training measured.
 */
public final class BoundSchedule {

    private final FeedbackSchedule schedule;
    private final long totalSteps;
    private final long stepsPerEpoch;

    private BoundSchedule(FeedbackSchedule schedule, long totalSteps, long stepsPerEpoch) {
        new Progress(0, totalSteps, stepsPerEpoch); // checks the lengths
        this.schedule = schedule;
        this.totalSteps = totalSteps;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    /**
     * Binds a schedule to a run.
     *
     * @param schedule the schedule
     * @param totalSteps optimizer steps in the whole run, at least 1
     * @param stepsPerEpoch optimizer steps in one epoch, at least 1
     * @return the bound schedule
     */
    public static BoundSchedule of(FeedbackSchedule schedule, long totalSteps, long stepsPerEpoch) {
        return new BoundSchedule(schedule, totalSteps, stepsPerEpoch);
    }

    /** Returns the schedule before it was bound. */
    public FeedbackSchedule schedule() {
        return schedule;
    }

    public long totalSteps() {
        return totalSteps;
    }

    public long stepsPerEpoch() {
        return stepsPerEpoch;
    }

    /** Returns the state before the first step ({@link FeedbackState#NONE} for a pure schedule). */
    public FeedbackState start() {
        return schedule.start();
    }

    /**
     * Returns beta for a step.
     *
     * @param state the state after the steps before it
     * @param step the global step, 0-based
     * @return the KL weight of that step
     */
    public double beta(FeedbackState state, long step) {
        return schedule.beta(state, at(step));
    }

    /**
     * Returns beta for a step as the schedule gives it from its start state: every step's beta for
     * a pure schedule, the first one's for a feedback schedule.
     *
     * @param step the global step, 0-based
     * @return the KL weight of that step
     */
    public double beta(long step) {
        return beta(schedule.start(), step);
    }

    /**
     * Returns the state after a step.
     *
     * @param state the state before the step
     * @param step the step that ran
     * @param batchKl the KL it measured
     * @return the new state
     */
    public FeedbackState observe(FeedbackState state, long step, double batchKl) {
        return schedule.observe(state, at(step), batchKl);
    }

    /** Returns the schedule's shape over this run. */
    public Structure structure() {
        return schedule.structure(totalSteps, stepsPerEpoch);
    }

    /**
     * Returns the same schedule over a run of another length.
     *
     * @param longer optimizer steps in that run
     * @return the schedule bound to it
     */
    public BoundSchedule over(long longer) {
        return new BoundSchedule(schedule, longer, stepsPerEpoch);
    }

    /**
     * Returns the first of the steps already trained whose beta the schedule would set otherwise
     * over a run of {@code longer} steps (for a feedback schedule, whatever KL they measured), so
     * that a resumed run may be extended only when it changes nothing it trained.
     *
     * @param longer optimizer steps in the longer run
     * @param trained the steps already trained, from step 0
     * @return the step, or -1 when every trained step keeps its beta
     */
    public long firstChangedStep(long longer, long trained) {
        if (longer == totalSteps) {
            return -1;
        }
        return schedule.firstChangedStep(totalSteps, longer, Math.min(trained, totalSteps), stepsPerEpoch);
    }

    private Progress at(long step) {
        return new Progress(step, totalSteps, stepsPerEpoch);
    }

    @Override
    public String toString() {
        return schedule + " over " + totalSteps + " steps";
    }
}
