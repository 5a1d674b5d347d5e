package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.record.RunRecord;
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
    private final ModelChoice choice;
    private final Path bestDir;
    private final RunRecord record;

    /**
     * Creates the listener.
     *
     * @param history what training measures (must have validation)
     * @param choice the comparison rule: settled epochs and patience
     * @param bestDir where to keep the best parameters, or null not to keep them
     * @param record where the best epoch is recorded
     */
    public ModelSelectionListener(
            TrainingHistory history, ModelChoice choice, Path bestDir, RunRecord record) {
        this.history = history;
        this.choice = choice;
        this.bestDir = bestDir;
        this.record = record;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        EpochSummary last = history.epochs().get(history.epochs().size() - 1);
        if (last.validation() == null) {
            return;
        }
        switch (choice.offer(last.epoch(), last.validation().elbo())) {
            case BEST -> {
                if (bestDir != null) {
                    try {
                        CheckpointListener.save(trainer.getModel(), bestDir);
                    } catch (IOException e) {
                        throw new UncheckedIOException(
                                "could not save the best model to " + bestDir, e);
                    }
                }
                record.best(
                        choice.bestEpoch(),
                        choice.best(),
                        bestDir == null ? null : bestDir.getFileName() + "/");
            }
            case STOP -> history.requestStop(String.format(
                    Locale.ROOT,
                    "no better validation -ELBO than %.4f (epoch %d) in %d settled epochs",
                    choice.best(),
                    choice.bestEpoch(),
                    choice.withoutImprovement()));
            default -> { }
        }
    }
}
