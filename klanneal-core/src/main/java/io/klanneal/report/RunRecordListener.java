package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.record.RunDirectory;
import io.klanneal.record.RunRecord;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;

/** After each epoch, records the parameters it saved and rewrites {@code run.json}. Register it last but the decoder reset. */
public final class RunRecordListener extends TrainingListenerAdapter {

    private final RunRecord record;
    private final TrainingHistory history;
    private final String modelFile;

    /**
     * Creates the listener.
     *
     * @param record the run's record
     * @param history what training measures
     * @param modelName the name of the model's parameter files
     */
    public RunRecordListener(RunRecord record, TrainingHistory history, String modelName) {
        this.record = record;
        this.history = history;
        this.modelFile = RunDirectory.modelFile(modelName);
    }

    @Override
    public void onEpoch(Trainer trainer) {
        record.epochDone(history.epochs().size(), history.steps(), modelFile);
        try {
            record.write();
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + RunDirectory.RECORD_FILE, e);
        }
    }
}
