package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import io.klanneal.engine.PyTorch;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;

/**
 * An optimizer whose state (moments, momentum, update counts) a checkpoint saves by parameter
 * name, for training to resume exactly; DJL's own optimizers keep theirs private. No weight decay,
 * gradient rescaling or clipping of DJL's kind: klanneal clips in its own listener.
 */
public abstract class ResumableOptimizer extends Optimizer {

    // The parameters the next steps update (null: all); the others keep their values and state.
    private Set<String> updated;

    protected ResumableOptimizer() {
        super(new Defaults());
    }

    /**
     * Updates only some parameters from now on, as aggressive inference training does with the
     * encoder's and then the decoder's: the others keep their values and their optimizer state
     * and count no update; their gradients are cleared all the same.
     *
     * @param parameterIds the ids of the parameters to update, or null for all
     */
    public void updateOnly(Set<String> parameterIds) {
        updated = parameterIds;
    }

    /**
     * DJL's entry: {@code grad} may be a copy of the parameter's gradient (DJL's parameter server
     * hands one over), so the parameter's own gradient is cleared after the step.
     */
    @Override
    public final void update(String parameterId, NDArray weight, NDArray grad) {
        update(parameterId, weight, grad, false);
    }

    /**
     * Updates one parameter from its own gradient array ({@code weight.getGradient()}), which the
     * step may clear as it reads it instead of in a second pass over the gradient's memory; a
     * trainer on one device steps this way.
     *
     * @param parameterId the parameter's id
     * @param weight its values, updated in place
     * @param ownGradient the parameter's own gradient, zero afterwards
     */
    public final void updateFromOwnGradient(String parameterId, NDArray weight, NDArray ownGradient) {
        update(parameterId, weight, ownGradient, true);
    }

    // Leaves the parameter's gradient zero for the next backward pass.
    private void update(String parameterId, NDArray weight, NDArray grad, boolean gradientIsOwn) {
        boolean stepped = updated == null || updated.contains(parameterId);
        boolean cleared = stepped && step(parameterId, weight, grad) && gradientIsOwn;
        if (!cleared) {
            PyTorch.zeroGradient(weight);
        }
    }

    /**
     * Updates one parameter from its gradient.
     *
     * @param parameterId the parameter's id
     * @param weight its values, updated in place
     * @param grad its gradient
     * @return whether the step left {@code grad} zero (otherwise the caller clears the parameter's
     *     gradient, so the next backward pass accumulates from zero)
     */
    protected abstract boolean step(String parameterId, NDArray weight, NDArray grad);

    /**
     * Writes every parameter's state, by the parameter's name (ids differ between processes).
     * Call between optimizer steps, on the thread that trains.
     *
     * @param out where to write
     * @param parameters the model's parameters by name ({@code Block.getParameters()})
     * @throws IOException if writing fails
     */
    public final void saveState(DataOutputStream out, PairList<String, Parameter> parameters) throws IOException {
        out.writeUTF(format());
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> named : parameters) {
            out.writeUTF(named.getKey());
            writeParameter(out, named.getValue().getId());
        }
        out.flush();
    }

    /**
     * Reads what {@link #saveState} wrote into this optimizer, before its first update.
     *
     * @param in where to read
     * @param parameters the model's parameters by name
     * @param manager the manager the state's arrays are created on (the model's)
     * @throws IOException if the state is another optimizer's or names other parameters
     */
    public final void loadState(DataInputStream in, PairList<String, Parameter> parameters, NDManager manager)
            throws IOException {
        String format = in.readUTF();
        if (!format().equals(format)) {
            throw new IOException("the optimizer state is " + format + ", not " + format()
                    + "; resume with the optimizer the run was trained with");
        }
        int n = in.readInt();
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                throw new IOException("the optimizer state names parameter " + name + ", which the model lacks");
            }
            readParameter(in, parameter.getId(), manager);
        }
    }

    /** Returns the name and version of the state's format, e.g. {@code klanneal-adam/1}. */
    protected abstract String format();

    /**
     * Writes one parameter's state.
     *
     * @param out where to write
     * @param parameterId the parameter's id in this process
     * @throws IOException if writing fails
     */
    protected abstract void writeParameter(DataOutputStream out, String parameterId) throws IOException;

    /**
     * Reads one parameter's state as {@link #writeParameter} wrote it.
     *
     * @param in where to read
     * @param parameterId the parameter's id in this process
     * @param manager the manager its arrays are created on
     * @throws IOException if reading fails
     */
    protected abstract void readParameter(DataInputStream in, String parameterId, NDManager manager)
            throws IOException;

    /**
     * Returns this optimizer's state for checkpoints, under the key {@code optimizer}: the state of
     * a block's parameters, by name, as bytes kept in a file of their own.
     *
     * @param block the block it trains
     * @param manager the manager restored arrays are created on (the model's)
     * @return the checkpointed part
     */
    public Stateful<ByteBuffer> stateOf(Block block, NDManager manager) {
        ResumableOptimizer optimizer = this;
        return new Stateful<>() {
            @Override
            public Key<ByteBuffer> stateKey() {
                return new Key<>("optimizer", ByteBuffer.class);
            }

            @Override
            public ByteBuffer state() throws IOException {
                long bytes = 0;
                for (var named : block.getParameters()) {
                    var array = named.getValue().getArray();
                    bytes += 2 * array.size() * array.getDataType().getNumOfBytes();
                }
                // Sized once for two arrays per parameter and their headers, and handed on without a copy.
                Encoded encoded = new Encoded(Math.toIntExact(bytes + (1 << 16)));
                optimizer.saveState(new DataOutputStream(encoded), block.getParameters());
                return encoded.view();
            }

            @Override
            public void restore(ByteBuffer state) throws IOException {
                optimizer.loadState(
                        new DataInputStream(new ByteArrayInputStream(
                                state.array(), state.arrayOffset() + state.position(), state.remaining())),
                        block.getParameters(), manager);
            }
        };
    }

    /** Reads an array's bytes as {@link DataOutputStream#writeInt length} then the bytes. */
    protected static byte[] readBytes(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return bytes;
    }

    /** Writes an array's bytes as {@link #readBytes} reads them. */
    protected static void writeBytes(DataOutputStream out, byte[] bytes) throws IOException {
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    // The bytes written so far, seen in place.
    private static final class Encoded extends ByteArrayOutputStream {
        Encoded(int capacity) {
            super(capacity);
        }

        ByteBuffer view() {
            return ByteBuffer.wrap(buf, 0, count);
        }
    }

    private static final class Defaults extends OptimizerBuilder<Defaults> {
        @Override
        protected Defaults self() {
            return this;
        }
    }
}
