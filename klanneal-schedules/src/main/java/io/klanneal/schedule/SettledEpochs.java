package io.klanneal.schedule;

import java.util.List;

/**
 * The epochs after which validation results may be compared to choose a model or stop early. While
 * beta ramps, the model is being pushed around by the schedule itself: a validation ELBO measured
 * mid-ramp is not comparable with one measured on a plateau, so early stopping would fire (or a
 * "best" checkpoint be kept) because of the schedule, not the model.
 *
 * <ul>
 *   <li>A cyclical schedule with more than one cycle: the epochs in which a cycle ends, the points
 *       Fu et al. (2019) report and the only ones where every cycle has had its full ramp and
 *       plateau.
 *   <li>A schedule that steers by the measured KL (a controller): every epoch that ends after the
 *       controller has taken over; beta moves all the time by design.
 *   <li>Any other schedule (constant, monotonic, a custom function): the epochs that end after
 *       beta has stopped changing for the rest of the run; a constant schedule settles at once, a
 *       monotonic one when its ramp ends, and a custom schedule that keeps moving only at the end.
 * </ul>
 */
public final class SettledEpochs {

    private SettledEpochs() {}

    /**
     * Marks the settled epochs of a run.
     *
     * @param schedule the schedule, as training applies it
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param epochs epochs in the run
     * @return for each 0-based epoch, whether its validation result may be compared
     */
    public static boolean[] of(FeedbackSchedule schedule, long stepsPerEpoch, int epochs) {
        long totalSteps = stepsPerEpoch * epochs;
        new Progress(0, totalSteps, stepsPerEpoch); // checks the arguments
        Structure structure = schedule.structure(totalSteps, stepsPerEpoch);
        List<Structure.Cycle> cycles = structure.cycles();
        boolean[] settled = new boolean[epochs];
        if (structure.feedback()) {
            for (int epoch = 0; epoch < epochs; epoch++) {
                settled[epoch] = (epoch + 1) * stepsPerEpoch > structure.feedbackFrom();
            }
            return settled;
        }
        if (cycles.size() > 1) {
            for (Structure.Cycle cycle : cycles) {
                if (cycle.end() > cycle.start()) {
                    settled[(int) ((cycle.end() - 1) / stepsPerEpoch)] = true;
                }
            }
            return settled;
        }
        long firstUnchanged = firstStepOfFinalValue(schedule, totalSteps, stepsPerEpoch);
        for (int epoch = 0; epoch < epochs; epoch++) {
            settled[epoch] = (epoch + 1) * stepsPerEpoch - 1 >= firstUnchanged;
        }
        return settled;
    }

    // The first step from which beta keeps the value of the last step until the end.
    // Without feedback the state never changes: the start state stands for it.
    private static long firstStepOfFinalValue(
            FeedbackSchedule schedule, long totalSteps, long stepsPerEpoch) {
        FeedbackState none = schedule.start();
        double last = schedule.beta(none, new Progress(totalSteps - 1, totalSteps, stepsPerEpoch));
        long step = totalSteps - 1;
        while (step > 0
                && schedule.beta(none, new Progress(step - 1, totalSteps, stepsPerEpoch)) == last) {
            step--;
        }
        return step;
    }
}
