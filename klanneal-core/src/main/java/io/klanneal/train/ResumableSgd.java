package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.tracker.ParameterTracker;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stochastic gradient descent, with momentum as PyTorch's {@code torch.optim.SGD} has it ({@code v
 * = momentum * v + g; w = w - lr * v}), the update counts and momentum buffers in the open for
 * checkpoints. The papers that train text VAEs with SGD (Li et al. 2019, He et al. 2019) use it
 * without momentum, at learning rate 1.0, halved on a plateau.
 */
public final class ResumableSgd extends ResumableOptimizer {

    private static final String FORMAT = "klanneal-sgd/1";

    private final ParameterTracker learningRate;
    private final float momentum;
    private final Map<String, NDArray> velocities = new ConcurrentHashMap<>();
    private final Map<String, Integer> counts = new ConcurrentHashMap<>();

    /**
     * Creates the optimizer.
     *
     * @param learningRate the learning rate per parameter and step
     * @param momentum the momentum, 0 for none
     */
    public ResumableSgd(ParameterTracker learningRate, float momentum) {
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be at least 0 and below 1, got " + momentum);
        }
        this.learningRate = learningRate;
        this.momentum = momentum;
    }

    @Override
    protected boolean step(String parameterId, NDArray weight, NDArray grad) {
        float lr = learningRate.getNewValue(parameterId, counts.merge(parameterId, 1, Integer::sum));
        if (momentum == 0) {
            try (NDArray step = grad.mul(lr)) {
                weight.subi(step);
            }
        } else {
            NDArray velocity = velocities.computeIfAbsent(parameterId, k -> grad.zerosLike());
            velocity.muli(momentum).addi(grad);
            try (NDArray step = velocity.mul(lr)) {
                weight.subi(step);
            }
        }
        return false;
    }

    /** Returns how many updates each parameter has had. */
    public Map<String, Integer> updateCounts() {
        return Map.copyOf(counts);
    }

    @Override
    protected String format() {
        return FORMAT;
    }

    // Its update count, then its velocity when it has one.
    @Override
    protected void writeParameter(DataOutputStream out, String parameterId) throws IOException {
        out.writeInt(counts.getOrDefault(parameterId, 0));
        NDArray velocity = velocities.get(parameterId);
        out.writeBoolean(velocity != null);
        if (velocity != null) {
            writeBytes(out, velocity.encode());
        }
    }

    @Override
    protected void readParameter(DataInputStream in, String parameterId, NDManager manager) throws IOException {
        counts.put(parameterId, in.readInt());
        if (in.readBoolean()) {
            velocities.put(parameterId, manager.decode(readBytes(in)));
        }
    }
}
