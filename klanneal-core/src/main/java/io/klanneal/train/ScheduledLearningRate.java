package io.klanneal.train;

import ai.djl.training.tracker.ParameterTracker;
import io.klanneal.schedule.LearningRateSchedule;
import io.klanneal.schedule.Progress;
import io.klanneal.schedule.Structure;
import java.util.List;

/**
 * The learning rate of each optimizer step: the base rate times a {@link LearningRateSchedule}'s
 * factor at that step. A plateau schedule reads the held-out loss of the epochs the history holds,
 * so a resumed run, whose history comes back from its checkpoint, continues with the same rate.
 */
public final class ScheduledLearningRate implements ParameterTracker {

    private final double base;
    private final LearningRateSchedule schedule;
    private final Progress run;
    private final Structure beta;
    private final TrainingHistory history;
    private double[] losses = new double[0];

    /**
     * Creates the rate of one run.
     *
     * @param base the base learning rate (option lr)
     * @param schedule the schedule (option lr-schedule)
     * @param run the run's length in steps and steps per epoch (its step is ignored)
     * @param beta the beta schedule's structure over the run
     * @param history the run's history, for a plateau schedule's losses
     * @throws IllegalArgumentException when the schedule cannot follow the beta schedule
     */
    public ScheduledLearningRate(
            double base, LearningRateSchedule schedule, Progress run, Structure beta, TrainingHistory history) {
        schedule.check(beta);
        this.base = base;
        this.schedule = schedule;
        this.run = run;
        this.beta = beta;
        this.history = history;
    }

    /**
     * Returns the rate of an optimizer step.
     *
     * @param step the 0-based step of the whole run
     * @return the learning rate
     */
    public double at(long step) {
        return base * schedule.factor(step, run, beta, epochLosses());
    }

    /**
     * The rate of the step training is at, whatever the parameter's own count of updates (which
     * runs ahead for the encoder's when aggressive training updates it alone).
     */
    @Override
    public float getNewValue(String parameterId, int numUpdate) {
        // The step being trained is recorded before the optimizer runs; aggressive training's extra
        // encoder steps come before it is and use the rate of the step before.
        return (float) at(Math.max(0, history.nextGlobalStep() - 1));
    }

    // The held-out -ELBO of each epoch so far (the training one where there is no validation).
    private double[] epochLosses() {
        if (!schedule.readsLosses()) {
            return losses;
        }
        List<EpochSummary> epochs = history.epochs();
        if (epochs.size() != losses.length) {
            losses = epochs.stream()
                    .mapToDouble(e -> (e.validation() != null ? e.validation() : e.train()).elbo())
                    .toArray();
        }
        return losses;
    }
}
