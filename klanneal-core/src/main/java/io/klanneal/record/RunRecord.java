package io.klanneal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.JsonFiles;
import io.klanneal.io.Processes;
import io.klanneal.schedule.Counts;
import io.klanneal.train.Stateful;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A run's {@code run.json}, the one owner of its schema: what happened, as opposed to what was
 * asked ({@code config.json}). The {@link RunStatus}, the schedule warnings given before the first
 * step, which epochs were settled enough to compare, the last checkpoint, the best one, the
 * collapse alarm and why training stopped. A training process writes it (rewritten atomically
 * whenever it changes); everyone else reads it with {@link #read}.
 */
public final class RunRecord implements Stateful<RunRecord.Progress> {

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<String> warnings;
    private final List<Integer> settledEpochs;
    private RunStatus status = RunStatus.RUNNING;
    private int epochs;
    private long steps;
    private String lastCheckpoint;
    private int bestEpoch;
    private double bestElbo = Double.NaN;
    private String bestCheckpoint;
    private String stopReason;
    private String error;
    private int collapseEpoch;
    private String collapseMessage;
    private final List<Long> resumedAt = new ArrayList<>();

    /**
     * Starts the record of a run.
     *
     * @param dir the run directory
     * @param warnings the schedule's guard-rail warnings
     * @param settledEpochs the 1-based epochs whose validation ELBO model choice compares
     */
    public RunRecord(RunDirectory dir, List<String> warnings, List<Integer> settledEpochs) {
        this.file = dir.recordFile();
        this.warnings = List.copyOf(warnings);
        this.settledEpochs = List.copyOf(settledEpochs);
    }

    /**
     * Records a finished epoch and the checkpoint that holds it.
     *
     * @param epoch the 1-based epoch
     * @param stepsDone optimizer steps so far
     * @param checkpoint the checkpoint file, relative to the run directory
     */
    public synchronized void epochDone(int epoch, long stepsDone, String checkpoint) {
        epochs = epoch;
        steps = stepsDone;
        lastCheckpoint = checkpoint;
    }

    /**
     * Records a new best validation ELBO.
     *
     * @param epoch the 1-based epoch
     * @param elbo its validation -ELBO
     * @param checkpoint where its parameters are kept, or null when not kept
     */
    public synchronized void best(int epoch, double elbo, String checkpoint) {
        bestEpoch = epoch;
        bestElbo = elbo;
        bestCheckpoint = checkpoint;
    }

    /**
     * Records the collapse alarm.
     *
     * @param epoch the 1-based epoch it fired after
     * @param message what it said
     */
    public synchronized void collapse(int epoch, String message) {
        collapseEpoch = epoch;
        collapseMessage = message;
    }

    /** Marks the run finished, early when {@code stopReason} is not null. */
    public synchronized void finished(String reason) {
        status = reason == null ? RunStatus.FINISHED : RunStatus.STOPPED_EARLY;
        stopReason = reason;
    }

    /**
     * Marks the run as ended by an error.
     *
     * @param how {@link RunStatus#DIVERGED} (a NaN or infinite loss) or {@link RunStatus#FAILED}
     *     (any other error)
     * @param message the error shown to the user
     */
    public synchronized void failed(RunStatus how, String message) {
        status = how;
        error = message;
    }

    /**
     * What training has recorded so far, for a checkpoint (warnings and settled epochs are
     * recomputed from the configuration).
     *
     * @param epochs epochs done
     * @param steps steps done
     * @param lastCheckpoint the parameters after the last epoch, or null
     * @param bestEpoch the best settled epoch (0: none)
     * @param bestElbo its validation -ELBO (NaN: none)
     * @param bestCheckpoint where its parameters are, or null
     * @param collapseEpoch when the collapse alarm fired (0: never)
     * @param collapseMessage what it said, or null
     * @param resumedAt the steps the run was resumed from, oldest first
     */
    public record Progress(
            int epochs,
            long steps,
            String lastCheckpoint,
            int bestEpoch,
            double bestElbo,
            String bestCheckpoint,
            int collapseEpoch,
            String collapseMessage,
            List<Long> resumedAt) {}
    @Override
    public Key<Progress> stateKey() {
        return new Key<>("run-record", Progress.class);
    }

    /** Returns what training has recorded so far. */
    @Override
    public synchronized Progress state() {
        return new Progress(
                epochs, steps, lastCheckpoint, bestEpoch, bestElbo, bestCheckpoint, collapseEpoch,
                collapseMessage, List.copyOf(resumedAt));
    }

    /**
     * Continues a run from a checkpoint: its status is {@code running} again.
     *
     * @param saved what the checkpoint recorded
     */
    @Override
    public synchronized void restore(Progress saved) {
        status = RunStatus.RUNNING;
        epochs = saved.epochs();
        steps = saved.steps();
        lastCheckpoint = saved.lastCheckpoint();
        bestEpoch = saved.bestEpoch();
        bestElbo = saved.bestElbo();
        bestCheckpoint = saved.bestCheckpoint();
        collapseEpoch = saved.collapseEpoch();
        collapseMessage = saved.collapseMessage();
        resumedAt.clear();
        resumedAt.addAll(saved.resumedAt());
    }

    /**
     * Lists the step a resumed run continues from in run.json.
     *
     * @param step the checkpoint's step
     */
    public synchronized void resumedFrom(long step) {
        resumedAt.add(step);
    }

    /**
     * Marks the run as stopped by a signal (SIGINT, SIGTERM) while it was running; a finished or
     * failed run keeps its status.
     *
     * @param resumeHint how to continue it
     */
    public synchronized void interrupted(String resumeHint) {
        if (status == RunStatus.RUNNING) {
            status = RunStatus.INTERRUPTED;
            error = "stopped by a signal after " + Counts.of(epochs, "epoch") + "; " + resumeHint;
        }
    }

    // Whether the process that wrote a running run.json still runs (the same id, started at the
    // same instant: ids are reused).
    private static boolean writerAlive(JsonNode runJson, boolean lockHeld) {
        JsonNode process = runJson.path("process");
        long pid = process.path("pid").asLong();
        return process.has("pid") && Processes.alive(pid, process.path("started").asText())
                && !(lockHeld && pid == ProcessHandle.current().pid());
    }

    /** Returns the last checkpoint written, relative to the run directory, or null. */
    public String lastCheckpoint() {
        return lastCheckpoint;
    }

    /** Returns the epoch {@link #lastCheckpoint} holds (0: none yet). */
    public int epochs() {
        return epochs;
    }

    /**
     * Writes {@code run.json} atomically.
     *
     * @throws IOException if writing fails
     */
    public synchronized void write() throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("status", status.word());
        if (status == RunStatus.RUNNING) {
            // Lets a reader tell a live run from one whose process was killed (see writerAlive).
            ProcessHandle self = ProcessHandle.current();
            root.putObject("process")
                    .put("pid", self.pid())
                    .put("started", Processes.started(self));
        }
        root.put("epochs_completed", epochs);
        root.put("steps_completed", steps);
        root.put("last_checkpoint", lastCheckpoint);
        warnings.forEach(root.putArray("warnings")::add);
        settledEpochs.forEach(root.putArray("settled_epochs")::add);
        if (!Double.isNaN(bestElbo)) {
            root.putObject("best")
                    .put("epoch", bestEpoch)
                    .put("validation_elbo", bestElbo)
                    .put("checkpoint", bestCheckpoint);
        }
        if (collapseMessage != null) {
            root.putObject("collapse_alarm").put("epoch", collapseEpoch).put("message", collapseMessage);
        }
        if (!resumedAt.isEmpty()) {
            resumedAt.forEach(root.putArray("resumed_from_steps")::add);
        }
        root.put("stop_reason", stopReason);
        root.put("error", error);
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    /**
     * How a run stands, as its {@code run.json} says.
     *
     * @param status where it stands; {@link RunStatus#INTERRUPTED} also when it says running but
     *     its process is gone
     * @param epochs epochs completed
     * @param bestEpoch the epoch model choice picked (0: none)
     * @param collapseEpoch the epoch the collapse alarm fired after (0: it did not)
     * @param error the error, or null
     */
    public record Outcome(RunStatus status, int epochs, int bestEpoch, int collapseEpoch, String error) {

        /** True when the run will not change any more: it finished, stopped early or diverged. */
        public boolean ended() {
            return status.ended();
        }

        /** True when the run trained to its end (or to an early stop). */
        public boolean succeeded() {
            return status.succeeded();
        }
    }

    /**
     * Reads how a run stands; a missing or unreadable {@code run.json} is {@link
     * RunStatus#NOT_STARTED}.
     *
     * @param runDir the run directory, which need not exist
     * @return its outcome
     */
    public static Outcome read(Path runDir) {
        return read(runDir, false);
    }

    /**
     * Reads how a run stands, for the holder of its directory's lock: a {@code run.json} that says
     * this very process is training it is then left from a training that ended without saying so
     * (a device turned read-only), not a live one.
     *
     * @param runDir the run directory, which need not exist
     * @param lockHeld whether this process holds the run directory's lock
     * @return its outcome
     */
    public static Outcome read(Path runDir, boolean lockHeld) {
        Path file = RunDirectory.at(runDir).recordFile();
        Outcome notStarted = new Outcome(RunStatus.NOT_STARTED, 0, 0, 0, null);
        if (!Files.isRegularFile(file)) {
            return notStarted;
        }
        try {
            JsonNode root = JsonFiles.read(JSON, file);
            RunStatus status = RunStatus.of(root.path("status").asText(RunStatus.NOT_STARTED.word()));
            String error = root.path("error").isNull() ? null : root.path("error").asText(null);
            if (status == RunStatus.RUNNING && !writerAlive(root, lockHeld)) {
                // SIGKILL leaves "running" behind; no process is training it any more.
                status = RunStatus.INTERRUPTED;
                error = "its training process ended without a word (killed?); continue with klanneal train"
                        + " --resume " + runDir;
            }
            return new Outcome(
                    status,
                    root.path("epochs_completed").asInt(),
                    root.path("best").path("epoch").asInt(),
                    root.path("collapse_alarm").path("epoch").asInt(),
                    error);
        } catch (IOException e) {
            return notStarted;
        }
    }

    /**
     * Marks a run whose process died without saying why as failed, keeping what its {@code
     * run.json} already holds.
     *
     * @param runDir the run directory (created if the process never made it)
     * @param exitCode the process's exit code
     * @param lastLine the last line it printed
     * @throws IOException if {@code run.json} cannot be written
     */
    public static void recordCrash(Path runDir, int exitCode, String lastLine) throws IOException {
        Path file = RunDirectory.at(runDir).recordFile();
        ObjectNode root = JSON.createObjectNode();
        if (Files.isRegularFile(file)) {
            try {
                root = (ObjectNode) JsonFiles.read(JSON, file);
            } catch (IOException | ClassCastException unreadable) {
                // Replaced below by a record of the crash.
            }
        }
        root.put("status", RunStatus.FAILED.word());
        root.put("error", "the training process exited with code " + exitCode + ": " + lastLine);
        Files.createDirectories(runDir);
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    }
}
