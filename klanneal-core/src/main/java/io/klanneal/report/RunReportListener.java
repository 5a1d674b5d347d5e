package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * After each epoch, rewrites {@code metrics.csv}, {@code steps.csv}, {@code kl_per_dim.csv}, {@code
 * losses.png}, {@code beta.png} and {@code kl_per_dim.png} in the run directory, each atomically, so a run stopped at any point leaves complete
 * files for the epochs it finished.
 */
public final class RunReportListener extends TrainingListenerAdapter {

    private final Path dir;
    private final TrainingHistory history;
    private final long stepsPerEpoch;

    /**
     * Creates the listener.
     *
     * @param dir the run directory
     * @param history what training measures
     * @param stepsPerEpoch optimizer steps in one epoch
     */
    public RunReportListener(Path dir, TrainingHistory history, long stepsPerEpoch) {
        this.dir = dir;
        this.history = history;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        try {
            CsvFiles.writeMetrics(dir.resolve(CsvFiles.METRICS_FILE), history);
            CsvFiles.writeSteps(dir.resolve(CsvFiles.STEPS_FILE), history, stepsPerEpoch);
            TrainingPlots.writeLosses(dir.resolve("losses.png"), history);
            TrainingPlots.writeBeta(dir.resolve("beta.png"), history);
            CsvFiles.writeKlPerDimension(dir.resolve(CsvFiles.KL_PER_DIMENSION_FILE), history);
            TrainingPlots.writeKlHeatMap(dir.resolve("kl_per_dim.png"), history);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run report in " + dir, e);
        }
    }
}
