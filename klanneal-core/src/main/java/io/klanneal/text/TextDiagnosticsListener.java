package io.klanneal.text;

import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.io.CsvFiles;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.RandomStreams.Purpose;
import io.klanneal.train.TrainingHistory;

/**
 * After each epoch, records the text diagnostics of the held-out set in the history: perplexity
 * (from the epoch's validation -ELBO), active units, mutual information and, when asked, the
 * importance-weighted NLL and its perplexity. Register it before the report listener.
 */
public final class TextDiagnosticsListener extends TrainingListenerAdapter {

    private final TextVae block;
    private final SentenceBatches validation;
    private final TrainingHistory history;
    private final int iwSamples;
    private final RandomStreams streams;

    /**
     * Creates the listener.
     *
     * @param block the model
     * @param validation the held-out sentences, not shuffled
     * @param history where the diagnostics go
     * @param iwSamples K of the importance-weighted NLL (0: skip)
     * @param streams the run's streams: the diagnostics of epoch k draw only from their own
     *     streams (DIAGNOSTICS, k) and (MUTUAL_INFORMATION, k), so they never shift training's
     */
    public TextDiagnosticsListener(
            TextVae block,
            SentenceBatches validation,
            TrainingHistory history,
            int iwSamples,
            RandomStreams streams) {
        this.block = block;
        this.validation = validation;
        this.history = history;
        this.iwSamples = iwSamples;
        this.streams = streams;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        int epoch = history.epochs().size() - 1;
        streams.seedEngine(Purpose.DIAGNOSTICS, epoch);
        TextDiagnostics d =
                TextEvaluation.evaluate(
                        block,
                        new ParameterStore(trainer.getManager(), false),
                        trainer.getManager(),
                        validation,
                        iwSamples,
                        streams.random(Purpose.MUTUAL_INFORMATION, epoch));
        EpochSummary.MeanTerms terms = history.epochs().get(history.epochs().size() - 1).validation();
        history.recordDiagnostic(
                CsvFiles.VALIDATION_PERPLEXITY,
                Math.exp(terms.elbo() * validation.size() / validation.predictedTokens()));
        history.recordDiagnostic(CsvFiles.ACTIVE_UNITS, d.activeUnits());
        history.recordDiagnostic(CsvFiles.MUTUAL_INFORMATION, d.mutualInformation());
        if (iwSamples > 0) {
            history.recordDiagnostic(CsvFiles.IW_NLL, d.iwNll());
            history.recordDiagnostic(CsvFiles.IW_PERPLEXITY, d.iwPerplexity());
        }
    }
}
