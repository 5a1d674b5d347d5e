package io.klanneal.record;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A run's directory and the one place the names of what it holds are spelled: {@code config.json}
 * (what was asked), {@code run.json} (what happened, see {@link RunRecord}), the CSVs and plots,
 * {@code model/}, {@code model-best/}, {@code checkpoints/}, {@code latent/} and a text run's
 * held-out sentences. {@link #create} starts a new run and never overwrites one; {@link #open}
 * reopens an existing run.
 */
public final class RunDirectory {

    /** What was asked: every option with its value, the data's hashes, the versions. */
    public static final String CONFIG_FILE = "config.json";

    /** What happened: the status and progress {@link RunRecord} writes. */
    public static final String RECORD_FILE = "run.json";

    /** The parameters after the latest epoch. */
    public static final String MODEL_DIR = "model";

    /** Where {@code keep=best} keeps the best settled epoch's parameters. */
    public static final String BEST_DIR = "model-best";

    /** The checkpoints a run resumes from ({@link CheckpointStore}). */
    public static final String CHECKPOINTS_DIR = "checkpoints";

    /** Plots of the posterior means, one per epoch (a 2-D latent). */
    public static final String LATENT_DIR = "latent";

    /** The held-out sentences a text run validated on, one per line: {@code eval}'s default data. */
    public static final String HELD_OUT_FILE = "validation.txt";

    /** Per-epoch metrics and diagnostics. */
    public static final String METRICS_FILE = "metrics.csv";

    /** Beta, reconstruction, KL and loss of every step. */
    public static final String STEPS_FILE = "steps.csv";

    /** The per-dimension held-out KL of every epoch. */
    public static final String KL_PER_DIMENSION_FILE = "kl_per_dim.csv";

    /** Held by the one process that writes the directory ({@link DirectoryLock}). */
    public static final String LOCK_FILE = ".klanneal.lock";

    /** Room kept while a run trains, for run.json to say the device is full ({@link SpaceReserve}). */
    public static final String RESERVE_FILE = ".klanneal.reserve";

    /** Per-step checksums of parameters and gradients, when asked for ({@code StepFingerprints}). */
    public static final String FINGERPRINTS_FILE = "fingerprints.csv";

    /** Train and validation loss terms by epoch. */
    public static final String LOSSES_PLOT = "losses.png";

    /** Beta by step. */
    public static final String BETA_PLOT = "beta.png";

    /** The per-dimension KL as a heat map. */
    public static final String KL_PER_DIMENSION_PLOT = "kl_per_dim.png";

    private final Path root;

    private RunDirectory(Path root) {
        this.root = root;
    }

    /**
     * Creates a run directory, refusing one that already holds files so that no earlier run is
     * overwritten.
     *
     * @param out the directory
     * @return the run directory
     * @throws IOException if it exists and is not empty, or cannot be created
     */
    public static RunDirectory create(Path out) throws IOException {
        if (Files.exists(out)) {
            if (!Files.isDirectory(out)) {
                throw new IOException("run directory " + out + " exists and is not a directory");
            }
            try (Stream<Path> entries = Files.list(out)) {
                // A lock file alone is what a run killed before writing anything leaves.
                if (entries.anyMatch(entry -> !entry.getFileName().toString().equals(LOCK_FILE))) {
                    throw new IOException(
                            "run directory " + out + " already exists and is not empty; choose"
                                    + " another directory or remove it (klanneal never overwrites a run)");
                }
            }
        }
        return new RunDirectory(Files.createDirectories(out));
    }

    /**
     * Reopens the directory of an earlier run.
     *
     * @param dir the directory
     * @return the run directory
     * @throws IOException if it holds no {@code config.json}
     */
    public static RunDirectory open(Path dir) throws IOException {
        RunDirectory run = new RunDirectory(dir);
        if (!Files.isRegularFile(run.configFile())) {
            throw new IOException(dir + " is not a klanneal run directory (it has no " + CONFIG_FILE + ")");
        }
        return run;
    }

    /**
     * Names a directory that may or may not hold a run yet, to read what is there (a comparison's
     * runs, a Spark task's scratch copy); nothing is checked or created.
     *
     * @param dir the directory
     * @return the run directory
     */
    public static RunDirectory at(Path dir) {
        return new RunDirectory(dir);
    }

    public Path root() {
        return root;
    }

    /** Returns a path inside the run directory. */
    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public Path configFile() {
        return root.resolve(CONFIG_FILE);
    }

    public Path recordFile() {
        return root.resolve(RECORD_FILE);
    }

    /** Returns {@code model/}, which holds the parameters after the latest epoch. */
    public Path modelDir() {
        return root.resolve(MODEL_DIR);
    }

    /** Returns {@code model-best/}, which holds the best settled epoch's parameters. */
    public Path bestDir() {
        return root.resolve(BEST_DIR);
    }

    public Path checkpointsDir() {
        return root.resolve(CHECKPOINTS_DIR);
    }

    public Path latentDir() {
        return root.resolve(LATENT_DIR);
    }

    /** Returns the latest epoch's parameter file of a model, relative to the run directory. */
    public static String modelFile(String modelName) {
        return MODEL_DIR + "/" + modelName + "-0000.params";
    }

    /**
     * Returns where a saved model lives: a run directory's {@code model/}, or the directory itself
     * when it is a model directory already.
     *
     * @param dir a run or model directory
     * @return the model directory
     */
    public static Path modelDirOf(Path dir) {
        return Files.isDirectory(dir.resolve(MODEL_DIR)) ? dir.resolve(MODEL_DIR) : dir;
    }
}
