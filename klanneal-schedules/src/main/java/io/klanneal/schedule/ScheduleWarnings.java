package io.klanneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mistakes in a schedule that only show against the length of a run: a ramp longer than the
 * training, a maximum never reached, more cycles than steps, or more cycles than epochs when beta
 * changes once per epoch. Each is a silent failure in other tools: training runs, and beta is not
 * what the user believes.
 */
public final class ScheduleWarnings {

    /** How far below its maximum beta may stay, as a share of max - min, before it is reported. */
    private static final double SHORTFALL = 0.01;

    private ScheduleWarnings() {}

    /**
     * Returns one sentence per problem, or an empty list for a sound schedule. Only schedules that
     * describe their {@link Structure} are checked: a plain function states no maximum to compare
     * with.
     *
     * @param schedule the schedule, as training will apply it
     * @param totalSteps optimizer steps in the run
     * @param stepsPerEpoch optimizer steps in one epoch
     * @return the warnings, in a fixed order
     */
    public static List<String> check(FeedbackSchedule schedule, long totalSteps, long stepsPerEpoch) {
        new Progress(0, totalSteps, stepsPerEpoch); // checks the arguments
        Structure structure = schedule.structure(totalSteps, stepsPerEpoch);
        if (!structure.known()) {
            return List.of();
        }
        List<String> warnings = new ArrayList<>();
        int cycles = structure.cycles().size();
        long epochs = (totalSteps + stepsPerEpoch - 1) / stepsPerEpoch;
        if (cycles > totalSteps) {
            warnings.add(format(
                    "the schedule has %d cycles but training has only %s: some"
                            + " cycles get no step at all",
                    cycles, Counts.of(totalSteps, "optimizer step")));
        }
        if (structure.perEpoch() && cycles > epochs) {
            warnings.add(format(
                    "beta changes once per epoch (update=epoch) but the schedule has %d cycles in"
                            + " %s: some cycles are never seen; use update=step or fewer"
                            + " cycles",
                    cycles, Counts.of(epochs, "epoch")));
        }
        if (structure.longestRamp() > totalSteps) {
            warnings.add(format(
                    "the ramp is %d steps long but training has only %s: the"
                            + " warm-up never finishes",
                    (long) structure.longestRamp(), Counts.of(totalSteps, "optimizer step")));
        }
        // Where beta follows the measured KL its highest value is known only after training.
        double highest = structure.feedback() ? structure.betaMax() : highest(schedule, totalSteps, stepsPerEpoch);
        double range = structure.betaMax() - structure.betaMin();
        if (range > 0 && structure.betaMax() - highest > SHORTFALL * range) {
            warnings.add(format(
                    "beta never reaches its maximum %s in %s: the highest value"
                            + " is %.4g; shorten the ramp (ratio, ramp_steps) or train longer",
                    structure.betaMax(), Counts.of(totalSteps, "optimizer step"), highest));
        }
        return warnings;
    }

    // "1 optimizer step", "2 optimizer steps".

    private static double highest(FeedbackSchedule schedule, long totalSteps, long stepsPerEpoch) {
        double highest = Double.NEGATIVE_INFINITY;
        for (long step = 0; step < totalSteps; step++) {
            highest = Math.max(
                    highest, schedule.beta(schedule.start(), new Progress(step, totalSteps, stepsPerEpoch)));
        }
        return highest;
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }
}
