package io.klanneal.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.ParameterTracker;
import io.klanneal.engine.CpuAdamKernel;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Adam as DJL's {@code Adam} computes it — the same bias-corrected learning rate and the same
 * arithmetic, on the CPU in one pass over memory ({@link CpuAdamKernel}, whose correctly rounded
 * square root can differ from the engine's in the last bit), elsewhere the engine's {@code
 * adamUpdate} — but with its state in the open:
 * the first and second moment of every parameter and the update counts, which a checkpoint must
 * save for training to resume exactly (DJL's optimizer keeps them private).
 */
public final class ResumableAdam extends ResumableOptimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String FORMAT = "klanneal-adam/1";

    private final ParameterTracker learningRate;
    private final Map<String, Map<Device, NDArray>> means = new ConcurrentHashMap<>();
    private final Map<String, Map<Device, NDArray>> variances = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    /**
     * Creates the optimizer with DJL's Adam defaults (beta1 0.9, beta2 0.999, epsilon 1e-8, no
     * weight decay, no gradient rescaling or clipping).
     *
     * @param learningRate the learning rate per parameter and step
     */
    public ResumableAdam(ParameterTracker learningRate) {
        this.learningRate = learningRate;
    }

    /**
     * Adam with a fixed learning rate, as every run and benchmark trains.
     *
     * @param learningRate the learning rate (option lr)
     * @return the optimizer
     */
    public static ResumableAdam fixedRate(double learningRate) {
        return new ResumableAdam(ai.djl.training.tracker.Tracker.fixed((float) learningRate));
    }

    @Override
    protected boolean step(String parameterId, NDArray weight, NDArray grad) {
        // Each parameter's own count of updates, as DJL's Optimizer.updateCount keeps them. DJL's t
        // is the highest count; klanneal's is the parameter's own, the same when every parameter
        // is updated each step, and each part's own when aggressive training updates the encoder
        // alone (as the paper's two optimizers count).
        int t = counts.merge(parameterId, 1, Integer::sum);
        double correction1 = 1.0 - Math.pow(BETA1, t);
        double correction2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float correctedLr = (float) (lr * Math.sqrt(correction2) / correction1);
        NDArray mean = withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike());
        NDArray variance = withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike());
        if (CpuAdamKernel.supports(weight, grad, mean, variance)) {
            CpuAdamKernel.update(weight, grad, mean, variance, correctedLr, BETA1, BETA2, EPSILON);
            return true;
        }
        weight.getNDArrayInternal().adamUpdate(
                new NDList(weight, grad, mean, variance), new NDList(weight), lr, correctedLr, getWeightDecay(),
                rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
        return false; // the engine clears the weight's own gradient, which grad may not be
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

    /**
     * Puts back one parameter's state from a checkpoint, before the next update.
     *
     * @param parameterId the parameter's id in this process
     * @param mean its first-moment estimate, on the parameter's device
     * @param variance its second-moment estimate, on the parameter's device
     * @param updates how many updates it had
     */
    public void restore(String parameterId, NDArray mean, NDArray variance, int updates) {
        means.put(parameterId, new ConcurrentHashMap<>(Map.of(mean.getDevice(), mean)));
        variances.put(parameterId, new ConcurrentHashMap<>(Map.of(variance.getDevice(), variance)));
        counts.put(parameterId, updates);
    }

    @Override
    protected String format() {
        return FORMAT;
    }

    // Its update count, then, once updated, its two moments.
    @Override
    protected void writeParameter(DataOutputStream out, String parameterId) throws IOException {
        int updates = counts.getOrDefault(parameterId, 0);
        out.writeInt(updates);
        if (updates > 0) {
            for (Map<String, Map<Device, NDArray>> state : List.of(means, variances)) {
                writeBytes(out, state.get(parameterId).values().iterator().next().encode());
            }
        }
    }

    @Override
    protected void readParameter(DataInputStream in, String parameterId, NDManager manager) throws IOException {
        int updates = in.readInt();
        if (updates > 0) {
            NDArray mean = manager.decode(readBytes(in));
            NDArray variance = manager.decode(readBytes(in));
            restore(parameterId, mean, variance, updates);
        }
    }

    private static Map<String, NDArray> firstDevice(Map<String, Map<Device, NDArray>> state) {
        Map<String, NDArray> arrays = new java.util.TreeMap<>();
        state.forEach((id, byDevice) -> byDevice.values().stream().findFirst().ifPresent(a -> arrays.put(id, a)));
        return arrays;
    }
}
