package io.klanneal.record;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.CheckpointInterval;
import io.klanneal.io.AtomicFiles;
import io.klanneal.train.Stateful;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeTraining.LoopPosition;
import io.klanneal.train.VaeTraining.PositionListener;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoints: everything training needs to continue exactly where it was. After every
 * epoch, and between epochs as {@link CheckpointInterval} says, it saves the model's parameters,
 * the loop's position in the data (epoch, batch, the epoch's sums so far) and the state of every
 * {@link Stateful} part the run registered, by its key: Adam's moments, the schedule's state, the
 * history, model choice, the collapse alarm, run.json's progress, the CSVs' rows, and any listener
 * of the caller's own that keeps state. The random streams need nothing saved: each is a function
 * of the seed and the epoch or step it serves. {@link #restore} puts it all back.
 *
 * <p>Saving encodes the state between two steps (milliseconds) and writes the bytes on a
 * background thread while training goes on; {@link #close} waits for the last one.
 */
public final class RunCheckpoints implements PositionListener, AutoCloseable {

    private static final String FORMAT = "klanneal-checkpoint/2";
    private static final String PARAMETERS = "parameters.params";
    private static final String ARRAYS = ".bin";
    private static final Logger LOG = LoggerFactory.getLogger(RunCheckpoints.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /**
     * What a checkpoint's {@code state.json} holds besides the file checks.
     *
     * @param format the checkpoint format
     * @param step the global step it was taken after
     * @param position where the loop was in the data
     * @param parts each part's state by key; a part whose state is a {@code ByteBuffer} has a file
     *     {@code KEY.bin} instead and is listed in {@code arrays}
     * @param arrays the keys whose state is a file of its own
     */
    public record State(String format, long step, LoopPosition position, Map<String, JsonNode> parts, List<String> arrays) {

        /**
         * Reads one part's state, e.g. the history, to check a run before it is rebuilt.
         *
         * @param key the part's key
         * @param type its state's type
         * @param <S> that type
         * @return the state
         * @throws IOException if the checkpoint has none or it does not read as that type
         */
        public <S> S part(String key, Class<S> type) throws IOException {
            JsonNode saved = parts.get(key);
            if (saved == null) {
                throw new IOException("the checkpoint holds no state for " + key);
            }
            return JSON.treeToValue(saved, type);
        }
    }

    private final CheckpointStore store;
    private final Model model;
    private final TrainingHistory history;
    private final Map<String, Stateful<?>> parts = new LinkedHashMap<>();
    private final long stepsPerEpoch;
    private final CheckpointInterval interval;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "klanneal-checkpoint-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> writing;
    private long lastSaved = System.nanoTime();

    /**
     * Creates the run's checkpoints.
     *
     * @param store where they are written
     * @param model the model whose parameters they hold
     * @param history the loop's step counter (and a part, if registered)
     * @param parts the parts whose state they hold, each with a key of its own
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param interval when to save between epochs
     * @throws IllegalArgumentException when two parts share a key (or one is registered twice)
     */
    public RunCheckpoints(
            CheckpointStore store,
            Model model,
            TrainingHistory history,
            List<Stateful<?>> parts,
            long stepsPerEpoch,
            CheckpointInterval interval) {
        this.store = store;
        this.model = model;
        this.history = history;
        for (Stateful<?> part : parts) {
            String key = part.stateKey().name();
            if (this.parts.putIfAbsent(key, part) != null) {
                throw new IllegalArgumentException("two parts of the run keep their state under the key \""
                        + key + "\" (" + this.parts.get(key).getClass().getName() + " and "
                        + part.getClass().getName() + "); give each its own stateKey()");
            }
        }
        this.stepsPerEpoch = stepsPerEpoch;
        this.interval = interval;
    }

    @Override
    public void reached(LoopPosition position) throws IOException {
        boolean betweenEpochs = position.atEpochStart();
        // The last batch of an epoch is followed by the epoch's own checkpoint.
        boolean due = !betweenEpochs
                && position.batches() < stepsPerEpoch
                && interval.due(history.steps(), System.nanoTime() - lastSaved);
        if (betweenEpochs || due) {
            save(position);
        }
    }

    // Encodes the state between two steps (quick), then writes the bytes to disk while training
    // goes on; one checkpoint is written at a time, in order. The writer never calls the engine;
    // what it allocates only moves the collector's timing, which Scalars makes harmless.
    private void save(LoopPosition position) throws IOException {
        awaitWriting();
        long began = System.nanoTime();
        long step = history.steps();
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        Map<String, JsonNode> states = new LinkedHashMap<>();
        List<String> arrays = new ArrayList<>();
        Block block = model.getBlock();
        long parameterBytes = 0;
        for (Pair<String, Parameter> named : block.getParameters()) {
            parameterBytes += named.getValue().getArray().size() * named.getValue().getArray().getDataType().getNumOfBytes();
        }
        Bytes parameters = bytes(parameterBytes, out -> writeParameters(out, block));
        files.put(PARAMETERS, parameters::writeTo);
        for (Map.Entry<String, Stateful<?>> part : parts.entrySet()) {
            Object state = part.getValue().state();
            if (state instanceof ByteBuffer encoded) {
                arrays.add(part.getKey());
                files.put(part.getKey() + ARRAYS, out -> out.write(
                        encoded.array(), encoded.arrayOffset() + encoded.position(), encoded.remaining()));
            } else {
                states.put(part.getKey(), JSON.valueToTree(state));
            }
        }
        ObjectNode json = JSON.valueToTree(new State(FORMAT, step, position, states, arrays));
        long copied = System.nanoTime();
        writing = writer.submit(() -> {
            Path saved = store.save(step, files, json);
            LOG.debug("saved {}: {} ms copying while training waited, {} ms writing while it went on",
                    saved.getFileName(), millis(copied - began), millis(System.nanoTime() - copied));
            return null;
        });
        lastSaved = System.nanoTime();
    }

    /**
     * Waits until the checkpoint being written is complete.
     *
     * @throws IOException if writing it failed
     */
    @Override
    public void close() throws IOException {
        try {
            awaitWriting();
        } finally {
            writer.shutdown();
        }
    }

    private void awaitWriting() throws IOException {
        if (writing == null) {
            return;
        }
        try {
            writing.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io
                    ? io
                    : new IOException("could not write a checkpoint: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while a checkpoint was written");
        } finally {
            writing = null;
        }
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /**
     * Reads a checkpoint's state.
     *
     * @param checkpoint a checkpoint that passed its checks
     * @return its state
     * @throws IOException if it is not a klanneal checkpoint of this format
     */
    public static State state(CheckpointStore.Loaded checkpoint) throws IOException {
        String format = checkpoint.state().path("format").asText();
        if (!FORMAT.equals(format)) {
            throw new IOException(checkpoint.dir() + " has checkpoint format \"" + format
                    + "\"; this klanneal resumes " + FORMAT + " (train the run again with --config)");
        }
        return JSON.treeToValue(checkpoint.state(), State.class);
    }

    /**
     * Puts a checkpoint's state back into the parts of a run built afresh: the parameters before
     * the trainer initializes the block, every registered part by its key.
     *
     * @param checkpoint the checkpoint
     * @param state its state
     * @throws IOException if a file cannot be read, the parameters do not fit the model, or the
     *     checkpoint holds a key no part of this run has, or lacks one that a part has
     */
    public void restore(CheckpointStore.Loaded checkpoint, State state) throws IOException {
        TreeSet<String> saved = new TreeSet<>(state.parts().keySet());
        saved.addAll(state.arrays());
        TreeSet<String> unknown = new TreeSet<>(saved);
        unknown.removeAll(parts.keySet());
        TreeSet<String> missing = new TreeSet<>(parts.keySet());
        missing.removeAll(saved);
        if (!unknown.isEmpty() || !missing.isEmpty()) {
            throw new IOException(checkpoint.dir() + (unknown.isEmpty() ? "" : " holds state for " + unknown
                    + ", which no part of this run keeps")
                    + (unknown.isEmpty() || missing.isEmpty() ? "" : ", and")
                    + (missing.isEmpty() ? "" : " holds no state for " + missing)
                    + "; resume with the same listeners the run was trained with");
        }
        Block block = model.getBlock();
        try (DataInputStream in = open(checkpoint.file(PARAMETERS))) {
            readParameters(in, block, model.getNDManager());
        } catch (MalformedModelException e) {
            throw new IOException(checkpoint.file(PARAMETERS) + " does not fit this model: " + e.getMessage(), e);
        }
        for (Map.Entry<String, Stateful<?>> part : parts.entrySet()) {
            restore(part.getValue(), checkpoint, state);
        }
    }

    private static <S> void restore(Stateful<S> part, CheckpointStore.Loaded checkpoint, State state)
            throws IOException {
        Stateful.Key<S> key = part.stateKey();
        Object saved = state.arrays().contains(key.name())
                ? ByteBuffer.wrap(Files.readAllBytes(checkpoint.file(key.name() + ARRAYS)))
                : JSON.treeToValue(state.parts().get(key.name()), key.type());
        if (!key.type().isInstance(saved)) {
            throw new IOException(checkpoint.dir() + ": the state of " + key.name() + " is not a "
                    + key.type().getSimpleName());
        }
        part.restore(key.type().cast(saved));
    }

    /** Writes what {@code DataOutputStream} calls write, into memory. */
    @FunctionalInterface
    private interface Encoder {
        void writeTo(DataOutputStream out) throws IOException;
    }

    // Sized for the arrays plus their headers up front, and written out without a copy: a
    // checkpoint's bytes are copied once, while training waits.
    private static final class Bytes extends java.io.ByteArrayOutputStream {
        Bytes(long arrays) {
            super(Math.toIntExact(arrays + (1 << 16)));
        }
    }

    private static Bytes bytes(long arrays, Encoder encoder) throws IOException {
        Bytes buffer = new Bytes(arrays);
        DataOutputStream out = new DataOutputStream(buffer);
        encoder.writeTo(out);
        out.flush();
        return buffer;
    }

    // Each parameter by its path in the block, in DJL's parameter format.
    private static void writeParameters(DataOutputStream out, Block block) throws IOException {
        PairList<String, Parameter> parameters = block.getParameters();
        out.writeInt(parameters.size());
        for (Pair<String, Parameter> named : parameters) {
            out.writeUTF(named.getKey());
            named.getValue().save(out);
        }
    }

    // Before the trainer initializes the block: loaded parameters are kept, not drawn.
    private static void readParameters(DataInputStream in, Block block, NDManager manager)
            throws IOException, MalformedModelException {
        PairList<String, Parameter> parameters = block.getParameters();
        int n = in.readInt();
        if (n != parameters.size()) {
            throw new MalformedModelException(n + " parameters saved, the model has " + parameters.size());
        }
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            Parameter parameter = parameters.get(name);
            if (parameter == null) {
                throw new MalformedModelException("it holds parameter " + name + ", which the model lacks");
            }
            parameter.load(manager, in);
        }
    }

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }
}
