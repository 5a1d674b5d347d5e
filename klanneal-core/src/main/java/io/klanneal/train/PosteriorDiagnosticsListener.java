package io.klanneal.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import io.klanneal.io.CsvFiles;
import io.klanneal.train.RandomStreams.Purpose;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * After each epoch, records the posterior diagnostics of the held-out set for any model that is a
 * {@link PosteriorModel}: active units, mutual information I(x; z) and, when asked, the
 * importance-weighted NLL -log p(x) ~= -log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x). Register it
 * before the report listener. Its draws come from the epoch's own streams (DIAGNOSTICS, k) and
 * (MUTUAL_INFORMATION, k), so they never shift training's.
 */
public final class PosteriorDiagnosticsListener extends TrainingListenerAdapter {

    private final PosteriorModel model;
    private final Dataset validation;
    private final TrainingHistory history;
    private final int iwSamples;
    private final RandomStreams streams;

    /**
     * Creates the listener.
     *
     * @param model the model
     * @param validation the held-out set, in a fixed order
     * @param history where the diagnostics go
     * @param iwSamples K of the importance-weighted NLL (0: skip)
     * @param streams the run's streams
     */
    public PosteriorDiagnosticsListener(
            PosteriorModel model, Dataset validation, TrainingHistory history, int iwSamples, RandomStreams streams) {
        this.model = model;
        this.validation = validation;
        this.history = history;
        this.iwSamples = iwSamples;
        this.streams = streams;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        int epoch = history.epochs().size() - 1;
        streams.seedEngine(Purpose.DIAGNOSTICS, epoch);
        NDManager manager = trainer.getManager();
        PosteriorEstimates.Summary summary;
        try {
            summary = PosteriorEstimates.summarize(
                    model, new ParameterStore(manager, false), validation, manager, iwSamples,
                    streams.random(Purpose.MUTUAL_INFORMATION, epoch), done -> { });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("the held-out set could not be read", e);
        }
        history.recordDiagnostic(CsvFiles.ACTIVE_UNITS, summary.activeUnits());
        history.recordDiagnostic(CsvFiles.MUTUAL_INFORMATION, summary.mutualInformation());
        if (iwSamples > 0) {
            history.recordDiagnostic(CsvFiles.IW_NLL, summary.iwNll());
        }
    }
}
