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
 * @param feedbackFrom the first step from which beta also depends on measurements of training
 *     (the measured KL), not only on the step; -1 when it never does
 */
public record Structure(
        List<Cycle> cycles, double betaMin, double betaMax, boolean perEpoch, long feedbackFrom) {

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
        return new Structure(List.of(), Double.NaN, Double.NaN, false, -1);
    }

    /** Returns whether the schedule described its cycles. */
    public boolean known() {
        return !cycles.isEmpty();
    }

    /** Returns the same structure with beta held fixed within each epoch. */
    public Structure heldPerEpoch() {
        return new Structure(cycles, betaMin, betaMax, true, feedbackFrom);
    }

    /** Returns the longest ramp in steps, 0 without cycles. */
    public double longestRamp() {
        return cycles.stream().mapToDouble(Cycle::rampSteps).max().orElse(0);
    }

    /** Returns whether beta depends on the measured KL anywhere in the run. */
    public boolean feedback() {
        return feedbackFrom >= 0;
    }

    /**
     * The structure of a feedback schedule over a whole run: one "cycle" with no ramp, beta moving
     * within {@code [betaMin, betaMax]} as the measurements say.
     *
     * @param totalSteps steps in the run
     * @param betaMin the least beta
     * @param betaMax the greatest beta
     * @return the structure
     */
    public static Structure feedback(long totalSteps, double betaMin, double betaMax) {
        return new Structure(List.of(new Cycle(0, totalSteps, 0)), betaMin, betaMax, false, 0);
    }

    /** Returns this structure with every step moved {@code offset} later. */
    Structure shifted(long offset) {
        List<Cycle> moved = cycles.stream()
                .map(c -> new Cycle(c.start() + offset, c.end() + offset, c.rampSteps()))
                .toList();
        return new Structure(moved, betaMin, betaMax, perEpoch, feedback() ? feedbackFrom + offset : -1);
    }

    /** Returns this structure with beta multiplied by {@code factor}. */
    Structure scaled(double factor) {
        return new Structure(cycles, betaMin * factor, betaMax * factor, perEpoch, feedbackFrom);
    }

    /** Returns this structure with beta kept within {@code [low, high]}. */
    Structure clamped(double low, double high) {
        return new Structure(
                cycles, Math.min(high, Math.max(low, betaMin)), Math.min(high, Math.max(low, betaMax)),
                perEpoch, feedbackFrom);
    }

    /**
     * Joins the structures of two schedules run one after the other; either may be null (a part
     * that gets no step). Unknown parts make the whole unknown.
     */
    static Structure joined(Structure head, Structure tail) {
        if (head == null || tail == null) {
            return head == null ? tail : head;
        }
        if (!head.known() || !tail.known()) {
            return unknown();
        }
        List<Cycle> all = new java.util.ArrayList<>(head.cycles);
        all.addAll(tail.cycles);
        long feedbackFrom = head.feedback() ? head.feedbackFrom : tail.feedbackFrom;
        return new Structure(
                all, Math.min(head.betaMin, tail.betaMin), Math.max(head.betaMax, tail.betaMax),
                head.perEpoch || tail.perEpoch, feedbackFrom);
    }
}
