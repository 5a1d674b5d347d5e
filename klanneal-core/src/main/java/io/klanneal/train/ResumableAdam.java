package io.klanneal.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam as DJL's {@code Adam} computes it — the same bias-corrected learning rate and the engine's
 * fused {@code adamUpdate}, so training is bit for bit the same — but with its state in the open:
 * the first and second moment of every parameter and the update counts, which a checkpoint must
 * save for training to resume exactly (DJL's optimizer keeps them private).
 */
public final class ResumableAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private final ParameterTracker learningRate;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private int steps;

    /**
     * Creates the optimizer with DJL's Adam defaults (beta1 0.9, beta2 0.999, epsilon 1e-8, no
     * weight decay, no gradient rescaling or clipping).
     *
     * @param learningRate the learning rate per parameter and step
     */
    public ResumableAdam(ParameterTracker learningRate) {
        super(new Defaults());
        this.learningRate = learningRate;
    }

    @Override
    public void update(String parameterId, NDArray weight, NDArray grad) {
        // DJL's Optimizer.updateCount: per-parameter counts, and t is the highest of them.
        int count = counts.merge(parameterId, 1, Integer::sum);
        steps = Math.max(steps, count);
        int t = steps;
        double correction1 = 1.0 - Math.pow(BETA1, t);
        double correction2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float correctedLr = (float) (lr * Math.sqrt(correction2) / correction1);
        float weightDecay = getWeightDecay();
        NDList inputs = new NDList(
                weight,
                grad,
                withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike()),
                withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike()));
        weight.getNDArrayInternal().adamUpdate(
                inputs, new NDList(weight), lr, correctedLr, weightDecay, rescaleGrad, clipGrad,
                BETA1, BETA2, EPSILON, true, false);
    }

    /** Returns each parameter's first-moment estimate (its array on the first device). */
    public Map<String, NDArray> means() {
        return firstDevice(means);
    }

    /** Returns each parameter's second-moment estimate (its array on the first device). */
    public Map<String, NDArray> variances() {
        return firstDevice(variances);
    }

    /** Returns how many updates each parameter has had. */
    public Map<String, Integer> updateCounts() {
        return Map.copyOf(counts);
    }

    private static Map<String, NDArray> firstDevice(Map<String, Map<Device, NDArray>> state) {
        Map<String, NDArray> arrays = new java.util.TreeMap<>();
        state.forEach((id, byDevice) -> byDevice.values().stream().findFirst().ifPresent(a -> arrays.put(id, a)));
        return arrays;
    }

    private static final class Defaults extends OptimizerBuilder<Defaults> {
        @Override
        protected Defaults self() {
            return this;
        }
    }
}
