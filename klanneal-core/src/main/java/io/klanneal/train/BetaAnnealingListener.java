package io.klanneal.train;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.BoundSchedule;
import io.klanneal.schedule.FeedbackSchedule;
import io.klanneal.schedule.FeedbackState;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Sets the loss's beta from a schedule before every forward pass: the Keras "annealing callback",
 * but per optimizer step. DJL calls {@code onTrainingBatch} after backward and before the optimizer
 * step, so there beta is set for the next step; {@code onTrainingBegin} sets it for the first. The
 * step comes from the loop's one counter ({@link #following}); only under a loop that keeps none,
 * such as DJL's {@code EasyTrain}, does the listener count batches itself ({@link #counting}).
 *
 * <p>A {@link FeedbackSchedule} (a KL controller) also sees each step's measured KL, read from the
 * history; the listener holds its small {@link FeedbackState}, which a checkpoint keeps ({@link
 * Stateful}).
 */
public final class BetaAnnealingListener extends TrainingListenerAdapter
        implements Stateful<BetaAnnealingListener.State> {

    private final BoundSchedule schedule;
    private final VaeLoss loss;
    private final LongSupplier nextStep;
    private final AtomicLong counted;
    private final Runnable afterBatch;
    private final TrainingHistory history;
    private FeedbackState state;

    private BetaAnnealingListener(
            FeedbackSchedule schedule,
            VaeLoss loss,
            long totalSteps,
            long stepsPerEpoch,
            LongSupplier nextStep,
            AtomicLong counted,
            Runnable afterBatch,
            TrainingHistory history) {
        this.schedule = BoundSchedule.of(schedule, totalSteps, stepsPerEpoch);
        this.loss = loss;
        this.nextStep = nextStep;
        this.counted = counted;
        this.afterBatch = afterBatch;
        this.history = history;
        this.state = schedule.start();
    }

    /**
     * Anneals under klanneal's loop ({@link VaeTraining}), whose history counts the steps and holds
     * the KL each step measured.
     *
     * @param schedule beta as a function of progress, and of the measured KL for a feedback schedule
     * @param loss the loss whose beta it sets
     * @param totalSteps optimizer steps in the whole run
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param history the run's history; its next global step is the step beta is set for
     * @return the listener
     */
    public static BetaAnnealingListener following(
            FeedbackSchedule schedule, VaeLoss loss, long totalSteps, long stepsPerEpoch, TrainingHistory history) {
        return new BetaAnnealingListener(
                schedule, loss, totalSteps, stepsPerEpoch, history::nextGlobalStep, null, () -> { }, history);
    }

    /**
     * Anneals under any loop that calls {@code onTrainingBatch} once per step, counting the steps.
     * Such a loop records no KL, so the schedule must be a pure function of the step.
     *
     * @param schedule beta as a function of progress
     * @param loss the loss whose beta it sets
     * @param totalSteps optimizer steps in the whole run
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param firstStep the global step training starts at (0, or later when resuming)
     * @return the listener
     */
    public static BetaAnnealingListener counting(
            BetaSchedule schedule, VaeLoss loss, long totalSteps, long stepsPerEpoch, long firstStep) {
        AtomicLong step = new AtomicLong(firstStep);
        return new BetaAnnealingListener(
                schedule, loss, totalSteps, stepsPerEpoch, step::get, step, step::incrementAndGet, null);
    }

    /**
     * The annealing's memory, for a checkpoint.
     *
     * @param nextStep the global step the next beta is for
     * @param feedback the feedback schedule's state ({@link FeedbackState#NONE} for a pure one)
     */
    public record State(long nextStep, FeedbackState feedback) {}
    @Override
    public Key<State> stateKey() {
        return new Key<>("beta-schedule", State.class);
    }

    @Override
    public State state() {
        return new State(nextStep.getAsLong(), state);
    }

    /** Continues from a saved state and sets the loss's beta for the next step. */
    @Override
    public void restore(State saved) {
        state = saved.feedback();
        if (counted != null) {
            counted.set(saved.nextStep());
        }
        loss.setBeta(betaAt(saved.nextStep()));
    }

    /** Returns the schedule, bound to the run's length. */
    public BoundSchedule schedule() {
        return schedule;
    }

    @Override
    public void onTrainingBegin(Trainer trainer) {
        loss.setBeta(betaAt(nextStep.getAsLong()));
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        afterBatch.run();
        long next = nextStep.getAsLong();
        if (history != null) {
            state = schedule.observe(state, next - 1, history.kl(history.steps() - 1));
        }
        loss.setBeta(betaAt(next));
    }

    private float betaAt(long globalStep) {
        double beta = schedule.beta(state, globalStep);
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalStateException(
                    "the beta schedule returned " + beta + " at step " + globalStep
                            + "; a schedule must return a finite beta >= 0");
        }
        return (float) beta;
    }
}
