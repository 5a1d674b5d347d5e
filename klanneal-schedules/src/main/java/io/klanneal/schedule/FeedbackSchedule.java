package io.klanneal.schedule;

/**
 * A beta schedule that may also read the KL each optimizer step measured. Its memory is an
 * explicit {@link FeedbackState} of its own, passed in and returned (Optax's {@code init}/{@code
 * update}), so the caller keeps it, saves it and restores it; the schedule itself stays a value. A
 * composition's state nests its parts' states. Every pure {@link BetaSchedule} is one that ignores
 * the state and the KL.
 *
 * <p>Composition makes new schedules without new classes: {@link #then} (one schedule, then
 * another that counts its own steps from 0), {@link #scaled} and {@link #clamped}.
 */
public interface FeedbackSchedule {

    /** Returns the state before the first step. */
    default FeedbackState start() {
        return FeedbackState.NONE;
    }

    /**
     * Returns beta for a step.
     *
     * @param state the state after the steps before it
     * @param progress the step
     * @return the KL weight of that step
     */
    double beta(FeedbackState state, Progress progress);

    /**
     * Returns the state after a step.
     *
     * @param state the state before the step
     * @param progress the step that ran
     * @param batchKl the KL it measured (mean per example over its batch)
     * @return the new state
     */
    default FeedbackState observe(FeedbackState state, Progress progress, double batchKl) {
        return state;
    }

    /**
     * Describes the schedule's shape over a run, for the guard rails and model choice; a schedule
     * that does not override it is {@link Structure#unknown()}.
     *
     * @param totalSteps optimizer steps in the run
     * @param stepsPerEpoch optimizer steps in one epoch
     * @return the structure
     */
    default Structure structure(long totalSteps, long stepsPerEpoch) {
        return Structure.unknown();
    }

    /**
     * Returns the first of the first {@code steps} steps whose beta this schedule may set otherwise
     * in a run of {@code longer} steps than in one of {@code shorter} (for a feedback schedule,
     * whatever KL the steps measure), or -1 when it sets them all alike. A schedule that cannot
     * tell, as one that does not override this, says 0: its run may not be extended.
     *
     * @param shorter optimizer steps in the run trained so far
     * @param longer optimizer steps in the longer run
     * @param steps the steps to compare, from step 0
     * @param stepsPerEpoch optimizer steps in one epoch
     * @return the first step that may change, or -1
     */
    default long firstChangedStep(long shorter, long longer, long steps, long stepsPerEpoch) {
        return shorter == longer || steps == 0 ? -1 : 0;
    }

    /**
     * Returns a schedule that follows this one until {@code at}, then {@code next}, which sees its
     * own steps counted from 0 and the rest of the run as its whole run. This one sees the steps
     * before {@code at} as its whole run. A feedback schedule after the switch starts from its own
     * {@link #start()}.
     *
     * @param at where {@code next} takes over
     * @param next the schedule after it
     * @return the joined schedule
     */
    default FeedbackSchedule then(Boundary at, FeedbackSchedule next) {
        FeedbackSchedule first = this;
        return new FeedbackSchedule() {
            // Part 0 is the first schedule's state, part 1 the next's, untouched until the switch.
            @Override
            public FeedbackState start() {
                return FeedbackState.joined(first.start(), next.start());
            }

            @Override
            public double beta(FeedbackState state, Progress progress) {
                long switchAt = switchStep(at, progress);
                return progress.step() < switchAt
                        ? first.beta(state.part(0), before(switchAt, progress))
                        : next.beta(state.part(1), after(switchAt, progress));
            }

            @Override
            public FeedbackState observe(FeedbackState state, Progress progress, double batchKl) {
                long switchAt = switchStep(at, progress);
                int part = progress.step() < switchAt ? 0 : 1;
                FeedbackState observed = part == 0
                        ? first.observe(state.part(0), before(switchAt, progress), batchKl)
                        : next.observe(state.part(1), after(switchAt, progress), batchKl);
                // A pure part's state never changes: no new state every step.
                return observed == state.part(part) ? state : state.withPart(part, observed);
            }

            // The part before the switch sees a run as long as the switch, in both runs while the
            // shorter one reaches it; the part after it sees the rest.
            @Override
            public long firstChangedStep(long shorter, long longer, long steps, long stepsPerEpoch) {
                long switchShort = Math.min(at.toSteps(stepsPerEpoch), shorter);
                long switchLong = Math.min(at.toSteps(stepsPerEpoch), longer);
                long head = first.firstChangedStep(
                        Math.max(1, switchShort), Math.max(1, switchLong), Math.min(steps, switchShort), stepsPerEpoch);
                if (head >= 0 || steps <= switchShort) {
                    return head;
                }
                long tail = next.firstChangedStep(
                        Math.max(1, shorter - switchShort), Math.max(1, longer - switchLong), steps - switchShort,
                        stepsPerEpoch);
                return tail < 0 ? -1 : switchShort + tail;
            }

            @Override
            public Structure structure(long totalSteps, long stepsPerEpoch) {
                long switchAt = Math.min(at.toSteps(stepsPerEpoch), totalSteps);
                Structure head = switchAt > 0 ? first.structure(switchAt, stepsPerEpoch) : null;
                Structure tail = switchAt < totalSteps
                        ? next.structure(totalSteps - switchAt, stepsPerEpoch).shifted(switchAt)
                        : null;
                return Structure.joined(head, tail);
            }

            @Override
            public String toString() {
                return first + " then@" + at + " " + next;
            }
        };
    }

    /**
     * Returns this schedule's beta times {@code factor}.
     *
     * @param factor the scale, finite and not negative
     * @return the scaled schedule
     */
    default FeedbackSchedule scaled(double factor) {
        checkWeight(factor, "scale");
        return mapped(this, beta -> beta * factor, s -> s.scaled(factor));
    }

    /**
     * Returns this schedule's beta kept within {@code [low, high]}.
     *
     * @param low the least beta
     * @param high the greatest beta, at least {@code low}
     * @return the clamped schedule
     */
    default FeedbackSchedule clamped(double low, double high) {
        checkClamp(low, high);
        return mapped(this, beta -> Math.min(high, Math.max(low, beta)), s -> s.clamped(low, high));
    }

    /** Returns the step at which the schedule after {@code at} takes over, within the run. */
    private static long switchStep(Boundary at, Progress progress) {
        return Math.min(at.toSteps(progress.stepsPerEpoch()), progress.totalSteps());
    }

    private static Progress before(long switchAt, Progress progress) {
        return new Progress(progress.step(), Math.max(1, switchAt), progress.stepsPerEpoch());
    }

    private static Progress after(long switchAt, Progress progress) {
        return new Progress(
                progress.step() - switchAt, Math.max(1, progress.totalSteps() - switchAt), progress.stepsPerEpoch());
    }

    private static FeedbackSchedule mapped(
            FeedbackSchedule inner,
            java.util.function.DoubleUnaryOperator map,
            java.util.function.UnaryOperator<Structure> mapStructure) {
        return new FeedbackSchedule() {
            @Override
            public FeedbackState start() {
                return inner.start();
            }

            @Override
            public double beta(FeedbackState state, Progress progress) {
                return map.applyAsDouble(inner.beta(state, progress));
            }

            @Override
            public FeedbackState observe(FeedbackState state, Progress progress, double batchKl) {
                return inner.observe(state, progress, batchKl);
            }

            @Override
            public long firstChangedStep(long shorter, long longer, long steps, long stepsPerEpoch) {
                return inner.firstChangedStep(shorter, longer, steps, stepsPerEpoch);
            }

            @Override
            public Structure structure(long totalSteps, long stepsPerEpoch) {
                return mapStructure.apply(inner.structure(totalSteps, stepsPerEpoch));
            }
        };
    }

    static void checkWeight(double factor, String what) {
        if (!Double.isFinite(factor) || factor < 0) {
            throw new IllegalArgumentException(what + " must be a finite number >= 0, got " + factor);
        }
    }

    static void checkClamp(double low, double high) {
        checkWeight(low, "the clamp's low end");
        checkWeight(high, "the clamp's high end");
        if (low > high) {
            throw new IllegalArgumentException("clamp " + low + ".." + high + " is empty: low is above high");
        }
    }
}
