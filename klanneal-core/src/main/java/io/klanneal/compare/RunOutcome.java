package io.klanneal.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.report.AtomicFiles;
import io.klanneal.report.RunStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * How a run of a comparison ended, as its {@code run.json} says.
 *
 * @param status running (its process alive), finished, stopped_early, diverged, failed, interrupted
 *     (stopped by a signal, or found running with its process gone), or "not started"
 * @param epochs epochs completed
 * @param bestEpoch the epoch model choice picked (0: none)
 * @param collapseEpoch the epoch the collapse alarm fired after (0: it did not)
 * @param error the error, or null
 */
public record RunOutcome(
        String status, int epochs, int bestEpoch, int collapseEpoch, String error) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String RUN_JSON = "run.json";

    /** Reads a run directory's outcome; a missing or unreadable {@code run.json} is "not started". */
    public static RunOutcome of(Path runDir) {
        Path file = runDir.resolve(RUN_JSON);
        if (!Files.isRegularFile(file)) {
            return new RunOutcome("not started", 0, 0, 0, null);
        }
        try {
            JsonNode root = JSON.readTree(file.toFile());
            String status = root.path("status").asText("not started");
            String error = root.path("error").isNull() ? null : root.path("error").asText(null);
            if (status.equals("running") && !RunStatus.writerAlive(root)) {
                // SIGKILL leaves "running" behind; no process is training it any more.
                status = RunStatus.INTERRUPTED;
                error = "its training process ended without a word (killed?); continue with klanneal train"
                        + " --resume " + runDir;
            }
            return new RunOutcome(
                    status,
                    root.path("epochs_completed").asInt(),
                    root.path("best").path("epoch").asInt(),
                    root.path("collapse_alarm").path("epoch").asInt(),
                    error);
        } catch (IOException e) {
            return new RunOutcome("not started", 0, 0, 0, null);
        }
    }

    /** True when the run will not change any more: it finished, stopped early or diverged. */
    public boolean ended() {
        return Set.of("finished", "stopped_early", "diverged").contains(status);
    }

    /** True when the run trained to its end (or to an early stop). */
    public boolean succeeded() {
        return status.equals("finished") || status.equals("stopped_early");
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
        Path file = runDir.resolve(RUN_JSON);
        ObjectNode root = JSON.createObjectNode();
        if (Files.isRegularFile(file)) {
            try {
                root = (ObjectNode) JSON.readTree(file.toFile());
            } catch (IOException | ClassCastException unreadable) {
                // Replaced below by a record of the crash.
            }
        }
        root.put("status", "failed");
        root.put("error", "the training process exited with code " + exitCode + ": " + lastLine);
        Files.createDirectories(runDir);
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    }
}
