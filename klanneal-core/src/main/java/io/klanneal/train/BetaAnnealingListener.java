package io.klanneal.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.Progress;

/**
 * Sets the loss's beta from a schedule before every forward pass: the Keras "annealing callback",
 * but per optimizer step. DJL calls {@code onTrainingBatch} after backward and before the optimizer
 * step, so there beta is set for the next step; {@code onTrainingBegin} sets it for the first.
 */
public final class BetaAnnealingListener extends TrainingListenerAdapter {

    private final BetaSchedule schedule;
    private final VaeLoss loss;
    private final long totalSteps;
    private final long stepsPerEpoch;
    private long step;

    /**
     * Creates the listener.
     *
     * @param schedule beta as a function of progress
     * @param loss the loss whose beta it sets
     * @param totalSteps optimizer steps in the whole run
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param firstStep the global step training starts at (0, or later when resuming)
     */
    public BetaAnnealingListener(
            BetaSchedule schedule,
            VaeLoss loss,
            long totalSteps,
            long stepsPerEpoch,
            long firstStep) {
        this.schedule = schedule;
        this.loss = loss;
        this.totalSteps = totalSteps;
        this.stepsPerEpoch = stepsPerEpoch;
        this.step = firstStep;
        new Progress(firstStep, totalSteps, stepsPerEpoch); // checks the arguments
    }

    /** Returns the global step whose forward pass comes next. */
    public long step() {
        return step;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        loss.setBeta(betaAt(step));
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        step++;
        loss.setBeta(betaAt(step));
    }

    private float betaAt(long globalStep) {
        double beta = schedule.beta(new Progress(globalStep, totalSteps, stepsPerEpoch));
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalStateException(
                    "the beta schedule returned " + beta + " at step " + globalStep
                            + "; a schedule must return a finite beta >= 0");
        }
        return (float) beta;
    }
}
