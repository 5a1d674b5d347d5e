package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.io.CsvFiles;
import io.klanneal.train.ScheduledLearningRate;
import io.klanneal.train.TrainingHistory;

/** Records the learning rate of each epoch's last step in metrics.csv ({@value CsvFiles#LEARNING_RATE}). */
public final class LearningRateColumn extends TrainingListenerAdapter {

    private final ScheduledLearningRate rate;
    private final TrainingHistory history;

    /**
     * Creates the listener.
     *
     * @param rate the run's learning rate
     * @param history where the epoch's value goes
     */
    public LearningRateColumn(ScheduledLearningRate rate, TrainingHistory history) {
        this.rate = rate;
        this.history = history;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        history.recordDiagnostic(CsvFiles.LEARNING_RATE, rate.at(history.nextGlobalStep() - 1));
    }
}
