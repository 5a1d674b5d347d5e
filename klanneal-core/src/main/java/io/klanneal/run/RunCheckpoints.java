package io.klanneal.run;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.nn.Block;
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
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
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
 */
final class RunCheckpoints implements PositionListener {

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
                && interval.due(parts.history().steps(), Duration.ofNanos(System.nanoTime() - lastSaved));
        if (betweenEpochs || due) {
            save(position);
        }
    }

    private void save(LoopPosition position) throws IOException {
        long began = System.nanoTime();
        TrainingHistory history = parts.history();
        State state = new State(
                FORMAT,
                history.steps(),
                position,
                parts.beta().state(),
                parts.modelChoice().state(),
                parts.collapseAlarm().state(),
                parts.status().progress(),
                CsvFiles.rows(history, stepsPerEpoch),
                history.snapshot());
        Block block = parts.model().getBlock();
        Map<String, AtomicFiles.Content> files = new LinkedHashMap<>();
        files.put(PARAMETERS, out -> block.saveParameters(new DataOutputStream(out)));
        files.put(OPTIMIZER, out -> {
            DataOutputStream data = new DataOutputStream(out);
            parts.adam().saveState(data, block.getParameters());
            data.flush();
        });
        Path saved = store.save(history.steps(), files, JSON.valueToTree(state));
        lastSaved = System.nanoTime();
        LOG.debug("saved {} in {} ms", saved.getFileName(), String.format(java.util.Locale.ROOT, "%.1f", (lastSaved - began) / 1e6));
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
            block.loadParameters(parts.model().getNDManager(), in);
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

    private static DataInputStream open(Path file) throws IOException {
        InputStream in = Files.newInputStream(file);
        return new DataInputStream(new BufferedInputStream(in, 1 << 16));
    }
}
