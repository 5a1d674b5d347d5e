package io.klanneal.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.klanneal.engine.CpuAdamKernel;
import io.klanneal.engine.PyTorch;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
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
public final class ResumableAdam extends Optimizer {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final String FORMAT = "klanneal-adam/1";

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
    public void update(String parameterId, NDArray weight, NDArray grad) {
        // DJL's Optimizer.updateCount: per-parameter counts, and t is the highest of them.
        int count = counts.merge(parameterId, 1, Integer::sum);
        steps = Math.max(steps, count);
        int t = steps;
        double correction1 = 1.0 - Math.pow(BETA1, t);
        double correction2 = 1.0 - Math.pow(BETA2, t);
        float lr = learningRate.getNewValue(parameterId, t);
        float correctedLr = (float) (lr * Math.sqrt(correction2) / correction1);
        NDArray mean = withDefaultState(means, parameterId, weight.getDevice(), k -> weight.zerosLike());
        NDArray variance = withDefaultState(variances, parameterId, weight.getDevice(), k -> weight.zerosLike());
        if (CpuAdamKernel.supports(weight, grad, mean, variance)) {
            CpuAdamKernel.update(weight, grad, mean, variance, correctedLr, BETA1, BETA2, EPSILON);
            // What the engine's adamUpdate does last: the next backward pass accumulates from zero.
            PyTorch.zeroGradient(weight);
            return;
        }
        weight.getNDArrayInternal().adamUpdate(
                new NDList(weight, grad, mean, variance), new NDList(weight), lr, correctedLr, getWeightDecay(),
                rescaleGrad, clipGrad, BETA1, BETA2, EPSILON, true, false);
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
        steps = Math.max(steps, updates);
    }

    /**
     * Writes every parameter's moments and update count, by the parameter's name (ids differ
     * between processes). Call between optimizer steps, on the thread that trains.
     *
     * @param out where to write
     * @param parameters the model's parameters by name ({@code Block.getParameters()})
     * @throws IOException if writing fails
     */
    public void saveState(DataOutputStream out, PairList<String, Parameter> parameters) throws IOException {
        out.writeUTF(FORMAT);
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> named : parameters) {
            String id = named.getValue().getId();
            int updates = counts.getOrDefault(id, 0);
            out.writeUTF(named.getKey());
            out.writeInt(updates);
            if (updates > 0) {
                for (Map<String, Map<Device, NDArray>> state : List.of(means, variances)) {
                    byte[] encoded = state.get(id).values().iterator().next().encode();
                    out.writeInt(encoded.length);
                    out.write(encoded);
                }
            }
        }
        out.flush();
    }

    /**
     * Reads what {@link #saveState} wrote into this optimizer, before its first update.
     *
     * @param in where to read
     * @param parameters the model's parameters by name
     * @param manager the manager the moments are created on (the model's)
     * @throws IOException if the state is not Adam's or names other parameters
     */
    public void loadState(DataInputStream in, PairList<String, Parameter> parameters, NDManager manager)
            throws IOException {
        String format = in.readUTF();
        if (!FORMAT.equals(format)) {
            throw new IOException("not an Adam state of format " + FORMAT + ": " + format);
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                throw new IOException("the optimizer state names parameter " + name + ", which the model lacks");
            }
            int updates = in.readInt();
            if (updates > 0) {
                NDArray mean = manager.decode(readBytes(in));
                NDArray variance = manager.decode(readBytes(in));
                restore(parameter.getId(), mean, variance, updates);
            }
        }
    }

    /**
     * Returns this optimizer's state for checkpoints, under the key {@code optimizer}: the moments
     * and counts of a block's parameters, by name, as bytes kept in a file of their own.
     *
     * @param block the block it trains
     * @param manager the manager restored moments are created on (the model's)
     * @return the checkpointed part
     */
    public Stateful<ByteBuffer> stateOf(ai.djl.nn.Block block, NDManager manager) {
        ResumableAdam adam = this;
        return new Stateful<>() {
            @Override
            public Key<ByteBuffer> stateKey() {
                return new Key<>("optimizer", ByteBuffer.class);
            }

            @Override
            public ByteBuffer state() throws IOException {
                long moments = 0;
                for (Pair<String, Parameter> named : block.getParameters()) {
                    NDArray array = named.getValue().getArray();
                    moments += 2 * array.size() * array.getDataType().getNumOfBytes();
                }
                // Sized once for both moments and their headers, and handed on without a copy.
                Encoded bytes = new Encoded(Math.toIntExact(moments + (1 << 16)));
                adam.saveState(new DataOutputStream(bytes), block.getParameters());
                return bytes.view();
            }

            @Override
            public void restore(ByteBuffer state) throws IOException {
                adam.loadState(
                        new DataInputStream(new java.io.ByteArrayInputStream(
                                state.array(), state.arrayOffset() + state.position(), state.remaining())),
                        block.getParameters(), manager);
            }
        };
    }

    // The bytes written so far, seen in place.
    private static final class Encoded extends java.io.ByteArrayOutputStream {
        Encoded(int capacity) {
            super(capacity);
        }

        ByteBuffer view() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    private static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
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
