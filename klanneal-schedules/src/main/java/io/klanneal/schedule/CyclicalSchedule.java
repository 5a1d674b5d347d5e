package io.klanneal.schedule;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The cyclical schedule of Fu et al. (NAACL 2019). With T total steps split into M cycles of
 * period T/M, cycle c starts at step floor(c * period). At i steps into its cycle, tau = i /
 * (period * R); beta = betaMin + (betaMax - betaMin) * shape(tau) while tau &lt;= 1, else betaMax.
 * The monotonic schedule is the case M = 1.
 *
 * <p>Instead of the fraction R, a ramp may be given a fixed length in optimizer steps ({@link
 * Builder#optRampSteps}), as warm-ups are often written ("anneal over the first 10,000 steps"); tau
 * is then i / rampSteps, and a ramp longer than its cycle never reaches betaMax.
 */
public final class CyclicalSchedule implements BetaSchedule {

    private final int cycles;
    private final double ratio;
    private final double betaMin;
    private final double betaMax;
    private final Ramp ramp;
    private final long rampSteps;

    private CyclicalSchedule(Builder builder) {
        cycles = builder.cycles;
        ratio = builder.ratio;
        betaMin = builder.betaMin;
        betaMax = builder.betaMax;
        ramp = builder.ramp;
        rampSteps = builder.rampSteps;
    }

    /** Returns a builder; {@link Builder#setCycles} is required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns a builder for the monotonic schedule: one cycle, so beta ramps once over the first
     * {@code ratio} of training and then holds at betaMax.
     */
    public static Builder monotonic() {
        return new Builder().setCycles(1);
    }

    @Override
    public double beta(Progress progress) {
        double period = (double) progress.totalSteps() / cycles;
        long step = progress.step();
        long start = cycleStart(cycleOf(step, period), period);
        double tau = (step - start) / rampLength(period);
        return tau <= 1 ? betaMin + (betaMax - betaMin) * ramp.apply(tau) : betaMax;
    }

    private double rampLength(double period) {
        return rampSteps > 0 ? rampSteps : period * ratio;
    }

    @Override
    public Structure structure(long totalSteps, long stepsPerEpoch) {
        double period = (double) totalSteps / cycles;
        List<Structure.Cycle> parts = new ArrayList<>();
        for (int c = 0; c < cycles; c++) {
            long end = c + 1 < cycles ? cycleStart(c + 1, period) : totalSteps;
            parts.add(new Structure.Cycle(cycleStart(c, period), end, rampLength(period)));
        }
        return new Structure(parts, betaMin, betaMax, false, -1);
    }

    private static long cycleStart(int cycle, double period) {
        return (long) Math.floor(cycle * period);
    }

    // The last cycle whose start is at or before step; floor() makes step / period only a guess.
    private int cycleOf(long step, double period) {
        int cycle = (int) Math.min(cycles - 1, Math.floor(step / period));
        while (cycle + 1 < cycles && cycleStart(cycle + 1, period) <= step) {
            cycle++;
        }
        while (cycle > 0 && cycleStart(cycle, period) > step) {
            cycle--;
        }
        return cycle;
    }

    public int cycles() {
        return cycles;
    }

    public double ratio() {
        return ratio;
    }

    public double betaMin() {
        return betaMin;
    }

    public double betaMax() {
        return betaMax;
    }

    public Ramp ramp() {
        return ramp;
    }

    /** Returns the fixed ramp length in steps, or 0 when the ramp is the fraction {@link #ratio}. */
    public long rampSteps() {
        return rampSteps;
    }

    /** Returns the spec that {@link ScheduleSpec#parse} turns back into this schedule. */
    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "cyclical:cycles=%d,%s,min=%s,max=%s,shape=%s",
                cycles,
                rampSteps > 0 ? "ramp_steps=" + rampSteps : "ratio=" + ratio,
                betaMin,
                betaMax,
                ramp.specName());
    }

    /** Builds a {@link CyclicalSchedule}, checking every argument. */
    public static final class Builder {
        private int cycles;
        private double ratio = 0.5;
        private double betaMin;
        private double betaMax = 1.0;
        private Ramp ramp = Ramp.LINEAR;
        private long rampSteps;

        private Builder() {}

        /**
         * Sets the number of cycles M (required, at least 1).
         *
         * @param cycles the number of cycles
         * @return this builder
         */
        public Builder setCycles(int cycles) {
            this.cycles = cycles;
            return this;
        }

        /**
         * Sets R, the fraction of each cycle spent ramping up (default 0.5, in (0, 1]).
         *
         * @param ratio the ramp fraction
         * @return this builder
         */
        public Builder optRatio(double ratio) {
            this.ratio = ratio;
            return this;
        }

        /**
         * Sets beta at the start of each ramp (default 0).
         *
         * @param betaMin the lowest beta
         * @return this builder
         */
        public Builder optBetaMin(double betaMin) {
            this.betaMin = betaMin;
            return this;
        }

        /**
         * Sets beta at the end of each ramp and on the plateau (default 1).
         *
         * @param betaMax the highest beta
         * @return this builder
         */
        public Builder optBetaMax(double betaMax) {
            this.betaMax = betaMax;
            return this;
        }

        /**
         * Gives each ramp a fixed length in optimizer steps instead of the fraction {@link
         * #optRatio} of its cycle (default 0: use the ratio).
         *
         * @param rampSteps the ramp length, at least 1 (0: use the ratio)
         * @return this builder
         */
        public Builder optRampSteps(long rampSteps) {
            this.rampSteps = rampSteps;
            return this;
        }

        /**
         * Sets the ramp shape (default {@link Ramp#LINEAR}).
         *
         * @param ramp the shape
         * @return this builder
         */
        public Builder optRamp(Ramp ramp) {
            this.ramp = ramp;
            return this;
        }

        /**
         * Builds the schedule.
         *
         * @return the schedule
         * @throws IllegalArgumentException naming the option that is out of range
         */
        public CyclicalSchedule build() {
            if (cycles < 1) {
                throw new IllegalArgumentException(
                        "cycles must be at least 1, got " + cycles);
            }
            if (!(ratio > 0 && ratio <= 1)) {
                throw new IllegalArgumentException("ratio must be in (0, 1], got " + ratio);
            }
            if (!Double.isFinite(betaMin) || betaMin < 0) {
                throw new IllegalArgumentException(
                        "min must be a finite number >= 0, got " + betaMin);
            }
            if (!Double.isFinite(betaMax)) {
                throw new IllegalArgumentException(
                        "max must be a finite number, got " + betaMax);
            }
            if (betaMin > betaMax) {
                throw new IllegalArgumentException(
                        "min must not exceed max, got min="
                                + betaMin
                                + " > max="
                                + betaMax);
            }
            if (rampSteps < 0) {
                throw new IllegalArgumentException(
                        "ramp_steps must be at least 1 (or 0 to use ratio), got " + rampSteps);
            }
            if (ramp == null) {
                throw new IllegalArgumentException("shape (ramp) must not be null");
            }
            return new CyclicalSchedule(this);
        }
    }
}
