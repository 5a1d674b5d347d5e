package io.klanneal.schedule;

import java.util.List;
import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * The weight beta of the KL term as a pure function of training progress: the same {@link
 * Progress} always gives the same beta. Any lambda {@code progress -> beta} is a schedule.
 *
 * <p>It is the {@link FeedbackSchedule} that ignores the measured KL; composing pure schedules
 * ({@link #then(Boundary, BetaSchedule)}, {@link #scaled}, {@link #clamped}) gives a pure schedule
 * again, which can be plotted without training.
 */
@FunctionalInterface
public interface BetaSchedule extends FeedbackSchedule {

    /**
     * Returns beta for the optimizer step described by {@code progress}.
     *
     * @param progress where training stands
     * @return the KL weight to use in that step's forward pass
     */
    double beta(Progress progress);

    @Override
    default double beta(FeedbackState state, Progress progress) {
        return beta(progress);
    }

    /** Computes both runs' betas over the steps: a pure schedule's betas are all it sets. */
    @Override
    default long firstChangedStep(long shorter, long longer, long steps, long stepsPerEpoch) {
        for (long step = 0; step < steps; step++) {
            if (beta(new Progress(step, shorter, stepsPerEpoch)) != beta(new Progress(step, longer, stepsPerEpoch))) {
                return step;
            }
        }
        return -1;
    }

    /**
     * Returns this schedule until {@code at}, then {@code next} counting its own steps from 0 (see
     * {@link FeedbackSchedule#then}); pure, like both parts.
     *
     * @param at where {@code next} takes over
     * @param next the schedule after it
     * @return the joined schedule
     */
    default BetaSchedule then(Boundary at, BetaSchedule next) {
        return pure(FeedbackSchedule.super.then(at, next));
    }

    @Override
    default BetaSchedule scaled(double factor) {
        return pure(FeedbackSchedule.super.scaled(factor));
    }

    @Override
    default BetaSchedule clamped(double low, double high) {
        return pure(FeedbackSchedule.super.clamped(low, high));
    }

    // A composition of pure schedules, whose state never changes from its start.
    private static BetaSchedule pure(FeedbackSchedule composed) {
        FeedbackState start = composed.start();
        return new BetaSchedule() {
            @Override
            public double beta(Progress progress) {
                return composed.beta(start, progress);
            }

            @Override
            public Structure structure(long totalSteps, long stepsPerEpoch) {
                return composed.structure(totalSteps, stepsPerEpoch);
            }

            @Override
            public String toString() {
                return composed.toString();
            }
        };
    }

    /**
     * Returns this schedule held constant within each epoch, at its value for the epoch's first step
     * (the behaviour of a Keras callback that updates beta in {@code on_epoch_begin}); its structure
     * is this one's, marked per epoch.
     *
     * @return the per-epoch schedule
     */
    default BetaSchedule heldPerEpoch() {
        BetaSchedule inner = this;
        return new BetaSchedule() {
            @Override
            public double beta(Progress progress) {
                return inner.beta(progress.atEpochStart());
            }

            @Override
            public Structure structure(long totalSteps, long stepsPerEpoch) {
                return inner.structure(totalSteps, stepsPerEpoch).heldPerEpoch();
            }
        };
    }

    /**
     * Returns a schedule from any function of the fraction of training done, in [0, 1).
     *
     * @param betaOfFraction maps the fraction of training done to beta
     * @return the schedule
     */
    static BetaSchedule ofFraction(DoubleUnaryOperator betaOfFraction) {
        Objects.requireNonNull(betaOfFraction, "betaOfFraction");
        return progress -> betaOfFraction.applyAsDouble(progress.fraction());
    }

    /**
     * Returns a schedule that is always {@code beta}; 1.0 is the plain VAE.
     *
     * @param beta the constant KL weight, finite and not negative
     * @return the schedule
     */
    static BetaSchedule constant(double beta) {
        if (!Double.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException(
                    "beta must be a finite number >= 0, got " + beta);
        }
        return new BetaSchedule() {
            @Override
            public double beta(Progress progress) {
                return beta;
            }

            @Override
            public Structure structure(long totalSteps, long stepsPerEpoch) {
                return new Structure(
                        List.of(new Structure.Cycle(0, totalSteps, 0)), beta, beta, false, -1);
            }
        };
    }
}
