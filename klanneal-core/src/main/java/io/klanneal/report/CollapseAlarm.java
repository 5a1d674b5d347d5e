package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.io.CsvFiles;
import io.klanneal.record.RunRecord;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.Stateful;
import io.klanneal.train.TrainingHistory;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warns, once, when the posterior has collapsed: for {@value #EPOCHS} epochs in a row every latent
 * dimension's held-out KL stayed below {@value #KL_PER_DIMENSION} nats, or no unit was active.
 * Each epoch records whether it looked collapsed as the {@value #COLUMN} column of metrics.csv; the
 * alarm itself goes to the log and to run.json. Register it after the diagnostics (it reads active
 * units) and before the report.
 */
public final class CollapseAlarm extends TrainingListenerAdapter implements Stateful<CollapseAlarm.State> {

    /** The metrics.csv column: 1 for an epoch that looked collapsed, else 0. */
    public static final String COLUMN = "collapsed";

    static final double KL_PER_DIMENSION = 0.01;
    static final int EPOCHS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CollapseAlarm.class);

    private final TrainingHistory history;
    private final RunRecord record;
    private final List<String> remedies;
    private int collapsedInARow;
    private boolean fired;

    /**
     * Creates the alarm.
     *
     * @param history the run's history
     * @param record the run's run.json, which records the alarm
     * @param remedies what the warning suggests, each a phrase with its flags, e.g. "free bits
     *     (--free-bits 0.1)"
     */
    public CollapseAlarm(TrainingHistory history, RunRecord record, List<String> remedies) {
        this.history = history;
        this.record = record;
        this.remedies = List.copyOf(remedies);
    }

    /**
     * The alarm's memory, for a checkpoint.
     *
     * @param collapsedInARow epochs in a row that looked collapsed
     * @param fired whether it has warned
     */
    public record State(int collapsedInARow, boolean fired) {}
    @Override
    public Key<State> stateKey() {
        return new Key<>("collapse-alarm", State.class);
    }

    /** Returns the alarm's memory so far. */
    @Override
    public State state() {
        return new State(collapsedInARow, fired);
    }

    /** Continues from a saved memory. */
    @Override
    public void restore(State state) {
        collapsedInARow = state.collapsedInARow();
        fired = state.fired();
    }

    @Override
    public void onEpoch(Trainer trainer) {
        int index = history.epochs().size() - 1;
        EpochSummary epoch = history.epochs().get(index);
        boolean collapsed = collapsed(epoch, history.diagnostics(index).get(CsvFiles.ACTIVE_UNITS));
        history.recordDiagnostic(COLUMN, collapsed ? 1 : 0);
        collapsedInARow = collapsed ? collapsedInARow + 1 : 0;
        if (collapsedInARow >= EPOCHS && !fired) {
            fired = true;
            String message = message(epoch.epoch());
            LOG.warn(message);
            record.collapse(epoch.epoch(), message);
        }
    }

    static boolean collapsed(EpochSummary epoch, Double activeUnits) {
        if (activeUnits != null && activeUnits == 0) {
            return true;
        }
        if (epoch.validation() == null || epoch.validation().klPerDimension() == null) {
            return false;
        }
        return Arrays.stream(epoch.validation().klPerDimension()).allMatch(kl -> kl < KL_PER_DIMENSION);
    }

    private String message(int epoch) {
        return String.format(
                Locale.ROOT,
                "posterior collapse by epoch %d: for %d epochs every latent dimension's held-out KL"
                        + " stayed below %.2f nats or no unit was active, so the decoder ignores z"
                        + " (an autoregressive decoder can model the data without it). Remedies: %s",
                epoch, EPOCHS, KL_PER_DIMENSION,
                String.join(", ", remedies.subList(0, remedies.size() - 1)) + ", or " + remedies.get(remedies.size() - 1));
    }
}
