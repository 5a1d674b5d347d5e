package io.klanneal.schedule;

/**
 * A PI controller that steers the measured KL to a target (ControlVAE, Shao et al. 2020), as a
 * {@link FeedbackSchedule}. After each step it smooths the batch KL ({@code average += smoothing *
 * (kl - average)}), takes the error {@code e = average - target} (positive: too much KL, beta must
 * rise), and sets the next step's beta to {@code kp * sigmoid(e) + I} with {@code I += ki * e},
 * the integral clamped so that beta stays within {@code [min, max]}. Unlike ControlVAE's published
 * code (whose anti-windup test can never be true), the integral cannot wind up while beta sits on a
 * bound, so beta leaves the bound as soon as the error changes sign. The target may ramp linearly from 0 over the first {@code targetRamp} of the
 * run (DynamicVAE's moving set-point). Beta starts at {@code min}.
 *
 * @param target the KL to reach, nats per example (summed over latent dimensions)
 * @param kp the proportional gain
 * @param ki the integral gain
 * @param min the least beta
 * @param max the greatest beta
 * @param smoothing the weight of each new batch in the KL average, in (0, 1]
 * @param targetRamp the share of the run over which the target rises from 0 to {@code target}, in
 *     [0, 1]; 0 holds it from the start
 */
public record KlController(
        double target, double kp, double ki, double min, double max, double smoothing, double targetRamp)
        implements FeedbackSchedule {

    public KlController {
        FeedbackSchedule.checkWeight(target, "target");
        FeedbackSchedule.checkWeight(kp, "kp");
        FeedbackSchedule.checkWeight(ki, "ki");
        FeedbackSchedule.checkClamp(min, max);
        if (!(smoothing > 0 && smoothing <= 1)) {
            throw new IllegalArgumentException("smoothing must be in (0, 1], got " + smoothing);
        }
        if (!(targetRamp >= 0 && targetRamp <= 1)) {
            throw new IllegalArgumentException("target_ramp must be in [0, 1], got " + targetRamp);
        }
    }

    /**
     * The controller's memory, as it keeps it in its {@link FeedbackState}.
     *
     * @param integral the integral term
     * @param averageKl the exponential moving average of the measured KL (NaN before the first step)
     * @param beta the beta for the next step
     */
    public record Memory(double integral, double averageKl, double beta) {

        /** Reads the memory a controller's state holds. */
        public static Memory of(FeedbackState state) {
            return new Memory(state.value(0), state.value(1), state.value(2));
        }

        FeedbackState state() {
            return FeedbackState.of(integral, averageKl, beta);
        }
    }

    @Override
    public FeedbackState start() {
        return new Memory(0, Double.NaN, min).state();
    }

    @Override
    public double beta(FeedbackState state, Progress progress) {
        return Memory.of(state).beta();
    }

    @Override
    public FeedbackState observe(FeedbackState state, Progress progress, double batchKl) {
        Memory memory = Memory.of(state);
        double average = Double.isNaN(memory.averageKl())
                ? batchKl
                : memory.averageKl() + smoothing * (batchKl - memory.averageKl());
        double error = average - targetAt(progress);
        double proportional = kp / (1 + Math.exp(-error));
        // Anti-windup: the integral never goes past what puts beta on a bound, so it does not
        // keep growing while beta is clamped, and beta leaves the bound when the error turns.
        double integral = Math.min(max - proportional,
                Math.max(min - proportional, memory.integral() + ki * error));
        return new Memory(integral, average, proportional + integral).state();
    }

    /**
     * Its beta comes from its state; a step's target moves with the run's length only while the
     * target ramps, and changes the beta of the step after it.
     */
    @Override
    public long firstChangedStep(long shorter, long longer, long steps, long stepsPerEpoch) {
        for (long step = 0; targetRamp > 0 && step + 1 < steps; step++) {
            if (targetAt(new Progress(step, shorter, stepsPerEpoch)) != targetAt(new Progress(step, longer, stepsPerEpoch))) {
                return step + 1;
            }
        }
        return -1;
    }

    /** Returns the KL the controller aims at during a step. */
    public double targetAt(Progress progress) {
        return targetRamp == 0 ? target : target * Math.min(1, progress.fraction() / targetRamp);
    }

    @Override
    public Structure structure(long totalSteps, long stepsPerEpoch) {
        return Structure.feedback(totalSteps, min, max);
    }
}
