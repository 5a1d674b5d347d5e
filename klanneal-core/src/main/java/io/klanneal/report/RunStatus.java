package io.klanneal.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run's {@code run.json}: what happened, as opposed to what was asked ({@code config.json}).
 * Status ({@code running}, {@code finished}, {@code stopped_early}, {@code diverged}, {@code
 * failed}), the schedule
 * warnings given before the first step, which epochs were settled enough to compare, the last
 * checkpoint, the best one and why training stopped. Rewritten atomically whenever it changes.
 */
public final class RunStatus {

    /** The status of a run stopped by a signal, or found running with its process gone. */
    public static final String INTERRUPTED = "interrupted";

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Path file;
    private final List<String> warnings;
    private final List<Integer> settledEpochs;
    private String status = "running";
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
    private final List<Long> resumedAt = new java.util.ArrayList<>();

    /**
     * Creates the status of a starting run.
     *
     * @param file the {@code run.json} to write
     * @param warnings the schedule's guard-rail warnings
     * @param settledEpochs the 1-based epochs whose validation ELBO model choice compares
     */
    public RunStatus(Path file, List<String> warnings, List<Integer> settledEpochs) {
        this.file = file;
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
        status = reason == null ? "finished" : "stopped_early";
        stopReason = reason;
    }

    /**
     * Marks the run as ended by an error.
     *
     * @param how {@code diverged} (a NaN or infinite loss) or {@code failed} (any other error)
     * @param message the error shown to the user
     */
    public synchronized void failed(String how, String message) {
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

    /** Returns what training has recorded so far. */
    public synchronized Progress progress() {
        return new Progress(
                epochs, steps, lastCheckpoint, bestEpoch, bestElbo, bestCheckpoint, collapseEpoch,
                collapseMessage, List.copyOf(resumedAt));
    }

    /**
     * Continues a run from a checkpoint: its status is {@code running} again, and run.json lists
     * the step it was resumed from.
     *
     * @param saved what the checkpoint recorded
     * @param step the step training continues from
     */
    public synchronized void resume(Progress saved, long step) {
        status = "running";
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
        resumedAt.add(step);
    }

    /**
     * Marks the run as stopped by a signal (SIGINT, SIGTERM) while it was running; a finished or
     * failed run keeps its status.
     *
     * @param resumeHint how to continue it
     */
    public synchronized void interrupted(String resumeHint) {
        if (status.equals("running")) {
            status = INTERRUPTED;
            error = "stopped by a signal after " + epochs + (epochs == 1 ? " epoch" : " epochs") + "; " + resumeHint;
        }
    }

    /**
     * Returns whether the process that wrote a {@code running} run.json is still alive: the same
     * process id started at the same instant (ids are reused).
     *
     * @param runJson the parsed run.json
     * @return true while it runs; false when it is gone or was never recorded
     */
    public static boolean writerAlive(com.fasterxml.jackson.databind.JsonNode runJson) {
        com.fasterxml.jackson.databind.JsonNode process = runJson.path("process");
        if (!process.has("pid")) {
            return false;
        }
        long pid = process.path("pid").asLong();
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(p -> !zombie(pid))
                .flatMap(p -> p.info().startInstant())
                .map(started -> started.toString().equals(process.path("started").asText()))
                .orElse(false);
    }

    // A killed process stays in the table until its parent reaps it; Linux says so in /proc.
    private static boolean zombie(long pid) {
        try {
            String stat = java.nio.file.Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.substring(stat.lastIndexOf(')') + 1).strip().startsWith("Z");
        } catch (IOException | RuntimeException noProc) {
            return false;
        }
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
        root.put("status", status);
        if (status.equals("running")) {
            // Lets a reader tell a live run from one whose process was killed (see writerAlive).
            ProcessHandle self = ProcessHandle.current();
            root.putObject("process")
                    .put("pid", self.pid())
                    .put("started", self.info().startInstant().map(Object::toString).orElse(""));
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
}
