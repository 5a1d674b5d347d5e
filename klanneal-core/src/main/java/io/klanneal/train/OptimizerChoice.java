package io.klanneal.train;

import ai.djl.training.tracker.ParameterTracker;
import java.util.Locale;

/**
 * Which optimizer trains a run, as option {@code optimizer} writes it: {@code adam} or {@code
 * sgd}, optionally {@code sgd:momentum=0.9}.
 *
 * @param name {@code adam} or {@code sgd}
 * @param momentum SGD's momentum (0 for Adam and plain SGD)
 */
public record OptimizerChoice(String name, double momentum) {

    public static final OptimizerChoice ADAM = new OptimizerChoice("adam", 0);

    /**
     * Parses {@code adam}, {@code sgd} or {@code sgd:momentum=M}.
     *
     * @param text the text
     * @return the choice
     * @throws IllegalArgumentException naming what is allowed
     */
    public static OptimizerChoice parse(String text) {
        String t = text.strip().toLowerCase(Locale.ROOT);
        if (t.equals("adam")) {
            return ADAM;
        }
        if (t.equals("sgd")) {
            return new OptimizerChoice("sgd", 0);
        }
        if (t.startsWith("sgd:momentum=")) {
            double momentum;
            try {
                momentum = Double.parseDouble(t.substring("sgd:momentum=".length()));
            } catch (NumberFormatException e) {
                momentum = Double.NaN;
            }
            if (momentum >= 0 && momentum < 1) {
                return new OptimizerChoice("sgd", momentum);
            }
        }
        throw new IllegalArgumentException(
                "'" + text + "' is not an optimizer; write adam, sgd or sgd:momentum=M with 0 <= M < 1");
    }

    /**
     * Creates the optimizer.
     *
     * @param learningRate its learning rate per step
     * @return the optimizer, its state ready for checkpoints
     */
    public ResumableOptimizer create(ParameterTracker learningRate) {
        return name.equals("adam") ? new ResumableAdam(learningRate) : new ResumableSgd(learningRate, (float) momentum);
    }

    @Override
    public String toString() {
        return momentum == 0 ? name : name + ":momentum=" + momentum;
    }
}
