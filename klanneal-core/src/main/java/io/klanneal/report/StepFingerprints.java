package io.klanneal.report;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import io.klanneal.io.CsvFiles;
import io.klanneal.train.Stateful;
import io.klanneal.train.TrainingHistory;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * A debugging aid for runs that should repeat: after each step's backward pass (and clipping), a
 * CRC-32C of every parameter as the step found it and of every gradient it computed, one line per
 * step. Two runs that should be identical part at their first differing line: gradients that differ
 * while the parameters agree point at that step's forward or backward pass, parameters that differ
 * at the update before it. On with {@code -D}{@value #PROPERTY}{@code =true}; it copies every
 * parameter and gradient to the host each step, so it is slow.
 */
public final class StepFingerprints extends TrainingListenerAdapter implements Stateful<StepFingerprints.Rows> {

    /** The system property that turns it on. */
    public static final String PROPERTY = "klanneal.fingerprints";

    private static final String HEADER = "step,parameters,gradients";

    private final Path file;
    private final TrainingHistory history;
    private BufferedWriter out;

    /**
     * How many steps the file held when a checkpoint was taken.
     *
     * @param steps lines after the header
     */
    public record Rows(long steps) {}

    /**
     * Creates the listener.
     *
     * @param file the CSV it appends to
     * @param history the run's history, which counts the steps
     */
    public StepFingerprints(Path file, TrainingHistory history) {
        this.file = file;
        this.history = history;
    }

    /** Returns whether this process was asked for fingerprints. */
    public static boolean wanted() {
        return Boolean.getBoolean(PROPERTY);
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        CRC32C parameters = new CRC32C();
        CRC32C gradients = new CRC32C();
        for (Pair<String, Parameter> named : trainer.getModel().getBlock().getParameters()) {
            NDArray array = named.getValue().getArray();
            parameters.update(array.toByteBuffer());
            if (array.hasGradient()) {
                try (NDArray gradient = array.getGradient()) {
                    gradients.update(gradient.toByteBuffer());
                }
            }
        }
        try {
            writer().write(String.format(Locale.ROOT, "%d,%08x,%08x%n",
                    history.globalStep(history.steps() - 1), parameters.getValue(), gradients.getValue()));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    @Override
    public void onEpoch(Trainer trainer) {
        flush();
    }

    @Override
    public void onTrainingEnd(Trainer trainer) {
        try {
            if (out != null) {
                out.close();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    @Override
    public Key<Rows> stateKey() {
        return new Key<>("fingerprints", Rows.class);
    }

    /** Flushes the lines so far: every step the checkpoint holds is in the file. */
    @Override
    public Rows state() {
        flush();
        return new Rows(history.steps());
    }

    /** Cuts the lines of steps after the checkpoint, which the resumed run writes again. */
    @Override
    public void restore(Rows rows) throws IOException {
        CsvFiles.trim(file, rows.steps());
    }

    private BufferedWriter writer() throws IOException {
        if (out == null) {
            boolean fresh = !Files.exists(file);
            out = Files.newBufferedWriter(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (fresh) {
                out.write(HEADER + "\n");
            }
        }
        return out;
    }

    private void flush() {
        try {
            if (out != null) {
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }
}
