package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Chooses the model on the validation ELBO at beta = 1, never on the weighted loss (whose beta the
 * schedule moves), and only after settled epochs ({@link io.klanneal.schedule.SettledEpochs}): keeps
 * the best checkpoint when asked, and stops training after {@code patience} settled epochs without
 * a better ELBO. Register it after the report and checkpoint listeners.
 */
public final class ModelSelectionListener extends TrainingListenerAdapter {

    private final TrainingHistory history;
    private final boolean[] settled;
    private final Path bestDir;
    private final int patience;
    private final RunStatus status;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int withoutImprovement;

    /**
     * Creates the listener.
     *
     * @param history what training measures (must have validation)
     * @param settled for each 0-based epoch, whether its validation ELBO may be compared
     * @param bestDir where to keep the best parameters, or null not to keep them
     * @param patience settled epochs without improvement before stopping (0: never stop)
     * @param status where the best epoch is recorded
     */
    public ModelSelectionListener(
            TrainingHistory history, boolean[] settled, Path bestDir, int patience, RunStatus status) {
        this.history = history;
        this.settled = settled.clone();
        this.bestDir = bestDir;
        this.patience = patience;
        this.status = status;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        EpochSummary last = history.epochs().get(history.epochs().size() - 1);
        if (last.validation() == null || !settled[last.epoch() - 1]) {
            return;
        }
        double elbo = last.validation().elbo();
        if (elbo < best) {
            best = elbo;
            bestEpoch = last.epoch();
            withoutImprovement = 0;
            if (bestDir != null) {
                try {
                    CheckpointListener.save(trainer.getModel(), bestDir);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not save the best model to " + bestDir, e);
                }
            }
            status.best(
                    bestEpoch,
                    best,
                    bestDir == null ? null : bestDir.getFileName() + "/");
            return;
        }
        withoutImprovement++;
        if (patience > 0 && withoutImprovement >= patience) {
            history.requestStop(String.format(
                    Locale.ROOT,
                    "no better validation -ELBO than %.4f (epoch %d) in %d settled epochs",
                    best,
                    bestEpoch,
                    withoutImprovement));
        }
    }
}
