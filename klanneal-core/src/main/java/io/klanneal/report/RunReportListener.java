package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.io.CsvFiles;
import io.klanneal.record.RunDirectory;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.Stateful;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

/**
 * After each epoch, rewrites {@code metrics.csv}, {@code steps.csv} and {@code kl_per_dim.csv} in
 * the run directory, each atomically, so a run stopped at any point leaves complete files for the
 * epochs it finished. Their plots, {@code losses.png}, {@code beta.png} and {@code kl_per_dim.png},
 * are redrawn after the first epoch, then at most every {@link #PLOT_INTERVAL}, and by {@link
 * #finish} after the last: drawing and encoding them takes about half a second, which short epochs
 * (the toy sets') would otherwise spend on it. A checkpoint keeps how many rows of each CSV belong
 * to it: a resumed run trims rows written after it.
 */
public final class RunReportListener extends TrainingListenerAdapter implements Stateful<RunReportListener.Rows> {

    /** The least wall time between two drawings of the plots while training runs. */
    static final Duration PLOT_INTERVAL = Duration.ofSeconds(10);

    private final RunDirectory dir;
    private final TrainingHistory history;
    private final long stepsPerEpoch;
    private long plottedAt;
    private int plottedEpochs;

    /**
     * How many data rows each CSV held when it was last written, after the last complete epoch.
     *
     * @param metrics rows of metrics.csv
     * @param steps rows of steps.csv
     * @param klPerDimension rows of kl_per_dim.csv
     */
    public record Rows(long metrics, long steps, long klPerDimension) {}

    /**
     * Creates the listener.
     *
     * @param dir the run directory
     * @param history what training measures
     * @param stepsPerEpoch optimizer steps in one epoch
     */
    public RunReportListener(RunDirectory dir, TrainingHistory history, long stepsPerEpoch) {
        this.dir = dir;
        this.history = history;
        this.stepsPerEpoch = stepsPerEpoch;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        try {
            CsvFiles.writeMetrics(dir.resolve(RunDirectory.METRICS_FILE), history);
            CsvFiles.writeSteps(dir.resolve(RunDirectory.STEPS_FILE), history, stepsPerEpoch);
            CsvFiles.writeKlPerDimension(dir.resolve(RunDirectory.KL_PER_DIMENSION_FILE), history);
            if (plottedEpochs == 0 || System.nanoTime() - plottedAt >= PLOT_INTERVAL.toNanos()) {
                plot();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the run report in " + dir.root(), e);
        }
    }

    /**
     * Draws the plots of every epoch so far, unless they show them already; called once training
     * has ended, before the run is recorded as finished.
     *
     * @throws IOException if a plot cannot be written
     */
    public void finish() throws IOException {
        if (plottedEpochs != history.epochs().size()) {
            plot();
        }
    }

    private void plot() throws IOException {
        TrainingPlots.writeLosses(dir.resolve(RunDirectory.LOSSES_PLOT), history);
        TrainingPlots.writeBeta(dir.resolve(RunDirectory.BETA_PLOT), history);
        TrainingPlots.writeKlHeatMap(dir.resolve(RunDirectory.KL_PER_DIMENSION_PLOT), history);
        plottedEpochs = history.epochs().size();
        plottedAt = System.nanoTime();
    }

    @Override
    public Key<Rows> stateKey() {
        return new Key<>("report-rows", Rows.class);
    }

    @Override
    public Rows state() {
        List<EpochSummary> epochs = history.epochs();
        long withKlPerDimension = epochs.stream()
                .filter(e -> e.validation() != null && e.validation().klPerDimension() != null)
                .count();
        return new Rows(epochs.size(), epochs.size() * stepsPerEpoch, withKlPerDimension);
    }

    /** Trims the CSVs to the rows the checkpoint holds. */
    @Override
    public void restore(Rows rows) throws IOException {
        CsvFiles.trim(dir.resolve(RunDirectory.METRICS_FILE), rows.metrics());
        CsvFiles.trim(dir.resolve(RunDirectory.STEPS_FILE), rows.steps());
        CsvFiles.trim(dir.resolve(RunDirectory.KL_PER_DIMENSION_FILE), rows.klPerDimension());
    }
}
