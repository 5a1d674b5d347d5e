package io.klanneal.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.CheckpointInterval;
import io.klanneal.report.AtomicFiles;
import io.klanneal.report.CollapseAlarm;
import io.klanneal.report.CsvFiles;
import io.klanneal.report.ModelChoice;
import io.klanneal.report.RunStatus;
import io.klanneal.schedule.FeedbackState;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.ResumableAdam;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeTraining.LoopPosition;
import io.klanneal.train.VaeTraining.PositionListener;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run's checkpoints: everything training needs to continue exactly where it was. After every
 * epoch, and between epochs as {@link CheckpointInterval} says, it saves the model's parameters,
 * Adam's moments and counts, the schedule's feedback state, the loop's position in the data (epoch,
 * batch, the epoch's sums so far), the history, model choice, the collapse alarm, run.json's
 * progress and how many rows of each CSV belong to the checkpoint. The random streams need nothing
 * saved: each is a function of the seed and the epoch or step it serves. {@link #restore} puts it
 * all back before the trainer starts.
 *
 * <p>Saving encodes the arrays between two steps (milliseconds) and writes the bytes on a
 * background thread while training goes on; {@link #close} waits for the last one.
 */
final class RunCheckpoints implements PositionListener, AutoCloseable {

    private static final String FORMAT = "klanneal-checkpoint/1";
    private static final String PARAMETERS = "parameters.params";
    private static final String OPTIMIZER = "optimizer.bin";
    private static final Logger LOG = LoggerFactory.getLogger(RunCheckpoints.class);
    private static final ObjectMapper JSON =
            new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** What a checkpoint's {@code state.json} holds besides the file checks. */
    record State(
            String format,
            long step,
            LoopPosition position,
            FeedbackState schedule,
            ModelChoice.State modelChoice,
            CollapseAlarm.State collapseAlarm,
            RunStatus.Progress runStatus,
            Map<String, Long> csvRows,
            TrainingHistory.Snapshot history) {}

    /** The parts of a run whose state a checkpoint holds. */
    record Parts(
            Model model,
            ResumableAdam adam,
            BetaAnnealingListener beta,
            TrainingHistory history,
            ModelChoice modelChoice,
            CollapseAlarm collapseAlarm,
            RunStatus status) {}

    private final CheckpointStore store;
    private final Parts parts;
    private final long stepsPerEpoch;
    private final CheckpointInterval interval;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "klanneal-checkpoint-writer");
        thread.setDaemon(true);
        return thread;
    });
    private Future<?> writing;
    private long lastSaved = System.nanoTime();

    RunCheckpoints(CheckpointStore store, Parts parts, long stepsPerEpoch, CheckpointInterval interval) {
        this.store = store;
        this.parts = parts;
        this.stepsPerEpoch = stepsPerEpoch;
        this.interval = interval;
    }

    @Override
    public void reached(LoopPosition position) throws IOException {
        boolean betweenEpochs = position.atEpochStart();
        // The last batch of an epoch is followed by the epoch's own checkpoint.
        boolean due = !betweenEpochs
                && position.batches() < stepsPerEpoch
                && interval.due(parts.history().steps(), System.nanoTime() - lastSaved);
        if (betweenEpochs || due) {
            save(position);
        }
    }

    // Encodes the state between two steps (quick), then writes the bytes to disk while training
    // goes on; one checkpoint is written at a time, in order. The writer never calls the engine:
    // native calls from a second thread made the training thread's numbers vary from run to run.
    private void save(LoopPosition position) throws IOException {
        awaitWriting();
        long began = System.nanoTime();
        TrainingHistory history = parts.history();
        long step = history.steps();
        State state = new State(
                FORMAT,
                step,
                position,
                parts.beta().state(),
                parts.modelChoice().state(),
                parts.collapseAlarm().state(),
                parts.status().progress(),
                CsvFiles.rows(history, stepsPerEpoch),
                history.snapshot());
        ObjectNode json = JSON.valueToTree(state);
        Block block = parts.model().getBlock();
        long arrays = 0;
        for (Pair<String, Parameter> named : block.getParameters()) {
            arrays += named.getValue().getArray().size() * named.getValue().getArray().getDataType().getNumOfBytes();
        }
        Bytes parameters = bytes(arrays, out -> writeParameters(out, block));
        Bytes optimizer = bytes(2 * arrays, out -> parts.adam().saveState(out, block.getParameters()));
        long copied = System.nanoTime();
        writing = writer.submit(() -> {
            Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
            files.put(PARAMETERS, parameters::writeTo);
            files.put(OPTIMIZER, optimizer::writeTo);
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
    static State state(CheckpointStore.Loaded checkpoint) throws IOException {
        String format = checkpoint.state().path("format").asText();
        if (!FORMAT.equals(format)) {
            throw new IOException(checkpoint.dir() + " has checkpoint format \"" + format
                    + "\"; this klanneal resumes " + FORMAT);
        }
        return JSON.treeToValue(checkpoint.state(), State.class);
    }

    /**
     * Puts a checkpoint's state back into the parts of a run built afresh, before the trainer is
     * created (whose start sets the first beta from the schedule's state), and trims the run's
     * CSVs to the rows the checkpoint holds.
     *
     * @param checkpoint the checkpoint
     * @param state its state
     * @param runDir the run directory
     * @throws IOException if a file cannot be read or the parameters do not fit the model
     */
    void restore(CheckpointStore.Loaded checkpoint, State state, Path runDir) throws IOException {
        Block block = parts.model().getBlock();
        try (DataInputStream in = open(checkpoint.file(PARAMETERS))) {
            readParameters(in, block, parts.model().getNDManager());
        } catch (MalformedModelException e) {
            throw new IOException(checkpoint.file(PARAMETERS) + " does not fit this model: " + e.getMessage(), e);
        }
        try (DataInputStream in = open(checkpoint.file(OPTIMIZER))) {
            parts.adam().loadState(in, block.getParameters(), parts.model().getNDManager());
        }
        parts.history().restore(state.history());
        parts.beta().restore(state.schedule());
        parts.modelChoice().restore(state.modelChoice());
        parts.collapseAlarm().restore(state.collapseAlarm());
        parts.status().resume(state.runStatus(), state.step());
        for (Map.Entry<String, Long> rows : state.csvRows().entrySet()) {
            CsvFiles.trim(runDir.resolve(rows.getKey()), rows.getValue());
        }
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
