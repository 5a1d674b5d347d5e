package io.klanneal.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A run's directory and the names of what it holds: {@code config.json} (what was asked), {@code
 * run.json} (what happened), the reports, {@code model/} and, with {@code keep=best}, {@code
 * model-best/}. {@link #create} starts a new run and never overwrites one; {@link #open} reopens an
 * existing run.
 */
public final class RunDirectory {

    /** Where {@code keep=best} keeps the best parameters. */
    public static final String BEST_DIR = "model-best";

    /** The held-out sentences a text run validated on, one per line: {@code eval}'s default data. */
    public static final String HELD_OUT_FILE = "validation.txt";

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
                if (entries.findAny().isPresent()) {
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
            throw new IOException(dir + " is not a klanneal run directory (it has no " + RunConfigFile.FILE_NAME + ")");
        }
        return run;
    }

    public Path root() {
        return root;
    }

    /** Returns a path inside the run directory. */
    public Path resolve(String relative) {
        return root.resolve(relative);
    }

    public Path configFile() {
        return root.resolve(RunConfigFile.FILE_NAME);
    }

    public Path statusFile() {
        return root.resolve("run.json");
    }

    /** Returns {@code model/}, which holds the parameters after the latest epoch. */
    public Path modelDir() {
        return root.resolve("model");
    }

    /** Returns {@code model-best/}, which holds the best settled epoch's parameters. */
    public Path bestDir() {
        return root.resolve(BEST_DIR);
    }

    /** Returns the latest checkpoint's file of a model, relative to the run directory. */
    public String checkpoint(String modelName) {
        return "model/" + modelName + "-0000.params";
    }

    /**
     * Writes {@code config.json}, atomically.
     *
     * @param config the run's configuration
     * @param dataHashes the data files with their SHA-256
     * @param device the device training runs on
     * @throws IOException if it cannot be written
     */
    public void writeConfig(TrainConfig config, Map<Path, String> dataHashes, String device)
            throws IOException {
        RunConfigFile.write(configFile(), config, dataHashes, device);
    }
}
