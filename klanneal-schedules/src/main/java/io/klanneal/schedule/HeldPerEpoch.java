package io.klanneal.schedule;

/**
 * A schedule held constant within each epoch. A named type rather than a lambda so that {@link
 * ScheduleWarnings} and {@link SettledEpochs} can still see the schedule inside.
 */
final class HeldPerEpoch implements BetaSchedule {

    private final BetaSchedule inner;

    HeldPerEpoch(BetaSchedule inner) {
        this.inner = inner;
    }

    BetaSchedule inner() {
        return inner;
    }

    @Override
    public double beta(Progress progress) {
        return inner.beta(progress.atEpochStart());
    }

    @Override
    public String toString() {
        return inner + ",update=epoch";
    }
}
