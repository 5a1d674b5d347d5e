package io.klanneal.record;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.OutputOptions;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.JsonFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The {@code checkpoints/} directory of a run: one directory per checkpoint, {@code
 * step-NNNNNNNNNN/}, holding binary files and a {@code state.json} that records each file's size
 * and CRC-32C (it guards against truncation and corruption, not tampering, and costs ~1 ms per
 * 10 MB). A checkpoint is written into a hidden staging directory and renamed into place once
 * complete, and older ones are deleted only after that, so the one being written is never the only
 * one. Reading checks every file against {@code state.json}: a truncated or corrupt checkpoint is
 * skipped, with a warning, for the one before it.
 */
public final class CheckpointStore {

    static final String STATE = "state.json";
    private static final String PREFIX = "step-";
    private static final String STAGING = ".writing-";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A checkpoint that passed its checks. */
    public record Loaded(Path dir, long step, JsonNode state) {
        Path file(String name) {
            return dir.resolve(name);
        }
    }

    private final Path dir;
    private final int keep;

    /**
     * @param runDir the run directory
     * @param keep how many complete checkpoints to keep (option keep-checkpoints)
     */
    public CheckpointStore(Path runDir, int keep) {
        this.dir = RunDirectory.at(runDir).checkpointsDir();
        this.keep = OutputOptions.KEEP_CHECKPOINTS.check(keep);
    }

    /**
     * Returns whether a run directory holds a run that {@code klanneal train --resume} can
     * continue: its config.json and a complete checkpoint. Needs nothing but the file system (a
     * Spark executor asks it without the engine).
     *
     * @param runDir the directory, which need not exist
     * @return whether it can be resumed
     * @throws IOException if its checkpoints cannot be listed
     */
    public static boolean resumable(Path runDir) throws IOException {
        return Files.isRegularFile(RunDirectory.at(runDir).configFile())
                && new CheckpointStore(runDir, 1).newest(problem -> { }).isPresent();
    }

    /**
     * Saves a checkpoint, then deletes all but the newest {@code keep}.
     *
     * @param step the global step it holds (its name)
     * @param files binary files by name, each written once
     * @param state the state; a {@code files} object with each file's size and CRC-32C is added
     * @return the checkpoint's directory
     * @throws IOException if writing fails; earlier checkpoints are then untouched
     */
    Path save(long step, Map<String, AtomicFiles.Content> files, ObjectNode state) throws IOException {
        Files.createDirectories(dir);
        Path staging = dir.resolve(STAGING + name(step));
        AtomicFiles.deleteTree(staging);
        Files.createDirectories(staging);
        ObjectNode checks = state.putObject("files");
        for (Map.Entry<String, AtomicFiles.Content> file : files.entrySet()) {
            Path written = staging.resolve(file.getKey());
            CRC32C crc = new CRC32C();
            try (OutputStream out = new CheckedOutputStream(
                    new BufferedOutputStream(Files.newOutputStream(written), 1 << 16), crc)) {
                file.getValue().writeTo(out);
            }
            checks.putObject(file.getKey()).put("bytes", Files.size(written)).put("crc32c", crc.getValue());
        }
        Files.writeString(staging.resolve(STATE), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(state) + "\n");
        Path target = dir.resolve(name(step));
        AtomicFiles.deleteTree(target); // a stale one from before the run was resumed at an earlier step
        AtomicFiles.moveIntoPlace(staging, target);
        List<Path> complete = checkpoints();
        for (int i = keep; i < complete.size(); i++) {
            AtomicFiles.deleteTree(complete.get(i));
        }
        return target;
    }

    /**
     * Returns the newest checkpoint whose files all match its {@code state.json}.
     *
     * @param warn told about each newer checkpoint that was skipped, and why
     * @return the checkpoint, or empty when there is none
     * @throws IOException if the directory cannot be listed
     */
    public Optional<Loaded> newest(Consumer<String> warn) throws IOException {
        for (Path candidate : checkpoints()) {
            String problem = problem(candidate);
            if (problem == null) {
                JsonNode state = JsonFiles.read(JSON, candidate.resolve(STATE));
                return Optional.of(new Loaded(candidate, step(candidate), state));
            }
            warn.accept("checkpoint " + candidate + " is incomplete or corrupt (" + problem
                    + "); using the one before it");
        }
        return Optional.empty();
    }

    /**
     * Deletes the checkpoints newer than {@code step} (skipped as corrupt) and any half-written one,
     * so that only the checkpoint a resumed run continues from and older ones remain.
     *
     * @param step the step training continues from
     * @throws IOException if one cannot be deleted
     */
    public void discardAfter(long step) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            for (Path p : entries.toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(STAGING) || stepOf(name).orElse(-1) > step) {
                    AtomicFiles.deleteTree(p);
                }
            }
        }
    }

    // Complete checkpoints, newest first.
    private List<Path> checkpoints() throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> stepOf(p.getFileName().toString()).isPresent())
                    .sorted(Comparator.comparingLong(CheckpointStore::step).reversed())
                    .toList();
        }
    }

    // Why a checkpoint cannot be used, or null.
    private static String problem(Path checkpoint) {
        JsonNode state;
        try {
            state = JsonFiles.read(JSON, checkpoint.resolve(STATE));
        } catch (IOException e) {
            return STATE + " is unreadable: " + e.getMessage().lines().findFirst().orElse("");
        }
        if (state == null || !state.path("files").isObject()) {
            return STATE + " lists no files";
        }
        List<String> wrong = new ArrayList<>();
        state.path("files").fields().forEachRemaining(f -> {
            Path file = checkpoint.resolve(f.getKey());
            try {
                long bytes = Files.size(file);
                if (bytes != f.getValue().path("bytes").asLong()) {
                    wrong.add(f.getKey() + " has " + bytes + " bytes, not " + f.getValue().path("bytes").asLong());
                } else if (crc32c(file) != f.getValue().path("crc32c").asLong()) {
                    wrong.add(f.getKey() + " does not match its CRC-32C");
                }
            } catch (IOException e) {
                wrong.add(f.getKey() + " is missing");
            }
        });
        return wrong.isEmpty() ? null : String.join(", ", wrong);
    }

    private static long crc32c(Path file) throws IOException {
        CRC32C crc = new CRC32C();
        try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return crc.getValue();
    }

    private static String name(long step) {
        return String.format(Locale.ROOT, PREFIX + "%010d", step);
    }

    private static long step(Path checkpoint) {
        return stepOf(checkpoint.getFileName().toString()).orElseThrow();
    }

    /**
     * Reads the step from a checkpoint directory's name, for tools that watch a run's {@code
     * checkpoints/} from outside (a mirror, a test waiting for a checkpoint).
     *
     * @param name a file name in {@code checkpoints/}
     * @return the step of a complete checkpoint's directory; empty for anything else (one being
     *     written, a stray file)
     */
    public static OptionalLong stepOf(String name) {
        return name.matches(PREFIX + "[0-9]+") ? OptionalLong.of(Long.parseLong(name.substring(PREFIX.length())))
                : OptionalLong.empty();
    }
}
