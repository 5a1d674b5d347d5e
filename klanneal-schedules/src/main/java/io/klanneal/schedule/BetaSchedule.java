package io.klanneal.schedule;

import java.util.Objects;
import java.util.function.DoubleUnaryOperator;

/**
 * The weight beta of the KL term as a pure function of training progress: the same {@link
 * Progress} always gives the same beta. Any lambda {@code progress -> beta} is a schedule.
 *
 * <p>Feedback schedules, which also look at the measured KL, keep that extra state outside this
 * interface (see {@code io.klanneal.train.BetaAnnealingListener}); everything here stays pure.
 */
@FunctionalInterface
public interface BetaSchedule {

    /**
     * Returns beta for the optimizer step described by {@code progress}.
     *
     * @param progress where training stands
     * @return the KL weight to use in that step's forward pass
     */
    double beta(Progress progress);

    /**
     * Returns this schedule held constant within each epoch, at its value for the epoch's first step
     * (the behaviour of a Keras callback that updates beta in {@code on_epoch_begin}).
     *
     * @return the per-epoch schedule
     */
    default BetaSchedule heldPerEpoch() {
        return new HeldPerEpoch(this);
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
        return progress -> beta;
    }
}
