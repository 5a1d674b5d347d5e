package io.klanneal.schedule;

import java.util.List;

/**
 * What a schedule says about its own shape over a run of known length: its cycles (each a ramp then
 * a plateau), the lowest and highest beta it aims for, whether beta is held within each epoch, and
 * whether it needs feedback from training (the measured KL) besides the step. The guard rails
 * ({@link ScheduleWarnings}) and model choice ({@link SettledEpochs}) read this instead of asking
 * what class a schedule is, so a schedule built by composition keeps both as long as it passes its
 * parts' structure on.
 *
 * @param cycles the cycles in step order; empty when the schedule does not say (a lambda)
 * @param betaMin the beta each ramp starts from (NaN when unknown)
 * @param betaMax the beta each ramp aims for (NaN when unknown)
 * @param perEpoch whether beta is held fixed within each epoch
 * @param feedback whether beta also depends on measurements of training, not only on the step
 */
public record Structure(
        List<Cycle> cycles, double betaMin, double betaMax, boolean perEpoch, boolean feedback) {

    public Structure {
        cycles = List.copyOf(cycles);
    }

    /**
     * One cycle: steps {@code [start, end)}, ramping over its first {@code rampSteps} steps.
     *
     * @param start the first step
     * @param end one past the last step
     * @param rampSteps the length of the ramp in steps (may exceed the cycle: then it never ends)
     */
    public record Cycle(long start, long end, double rampSteps) {}

    /** The structure of a schedule that says nothing about itself: a pure function of the step. */
    public static Structure unknown() {
        return new Structure(List.of(), Double.NaN, Double.NaN, false, false);
    }

    /** Returns whether the schedule described its cycles. */
    public boolean known() {
        return !cycles.isEmpty();
    }

    /** Returns the same structure with beta held fixed within each epoch. */
    public Structure heldPerEpoch() {
        return new Structure(cycles, betaMin, betaMax, true, feedback);
    }

    /** Returns the longest ramp in steps, 0 without cycles. */
    public double longestRamp() {
        return cycles.stream().mapToDouble(Cycle::rampSteps).max().orElse(0);
    }
}
