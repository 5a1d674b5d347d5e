package io.klanneal.schedule;

import java.util.List;
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
     * Describes the schedule's shape over a run of {@code totalSteps} steps, for the guard rails and
     * model choice. A schedule that does not override it (any lambda) is {@link Structure#unknown()}.
     *
     * @param totalSteps the number of optimizer steps in the run
     * @return the structure
     */
    default Structure structure(long totalSteps) {
        return Structure.unknown();
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
            public Structure structure(long totalSteps) {
                return inner.structure(totalSteps).heldPerEpoch();
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
            public Structure structure(long totalSteps) {
                return new Structure(
                        List.of(new Structure.Cycle(0, totalSteps, 0)), beta, beta, false, false);
            }
        };
    }
}
