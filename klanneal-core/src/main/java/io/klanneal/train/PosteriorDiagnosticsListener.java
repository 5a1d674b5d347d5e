package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.translate.TranslateException;
import io.klanneal.io.CsvFiles;
import io.klanneal.train.RandomStreams.Purpose;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * After each epoch, records the posterior diagnostics of the held-out set for any model that is a
 * {@link PosteriorModel}: active units, mutual information I(x; z) and, when asked, the
 * importance-weighted NLL -log p(x) ~= -log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x). Register it
 * before the report listener. Its draws come from the epoch's own streams (DIAGNOSTICS, k) and
 * (MUTUAL_INFORMATION, k), so they never shift training's.
 */
public final class PosteriorDiagnosticsListener extends TrainingListenerAdapter {

    /** Examples decoded at once for the importance-weighted estimate. */
    private static final int IW_ROWS_PER_PASS = 128;

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
        ParameterStore store = new ParameterStore(manager, false);
        List<float[]> means = new ArrayList<>();
        List<float[]> logVars = new ArrayList<>();
        double iwNll = 0;
        int n = 0;
        try {
            for (Batch batch : validation.getData(manager)) {
                try (batch; NDScope scope = new NDScope()) {
                    NDList posterior = model.encode(store, batch.getData());
                    rows(posterior.get(0), means);
                    rows(posterior.get(1), logVars);
                    if (iwSamples > 0) {
                        iwNll += importanceWeightedNll(store, batch, posterior.get(0), posterior.get(1));
                    }
                    n += batch.getSize();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TranslateException e) {
            throw new IllegalStateException("the held-out set could not be read", e);
        }
        float[][] meanRows = means.toArray(new float[0][]);
        history.recordDiagnostic(CsvFiles.ACTIVE_UNITS, LatentStatistics.activeUnits(meanRows));
        history.recordDiagnostic(
                CsvFiles.MUTUAL_INFORMATION,
                LatentStatistics.mutualInformation(
                        meanRows, logVars.toArray(new float[0][]), streams.random(Purpose.MUTUAL_INFORMATION, epoch)));
        if (iwSamples > 0) {
            history.recordDiagnostic(CsvFiles.IW_NLL, iwNll / n);
        }
    }

    // Sum over the batch of -log p(x) estimated with K importance samples per example.
    private double importanceWeightedNll(ParameterStore store, Batch batch, NDArray mean, NDArray logVar) {
        int size = (int) mean.getShape().get(0);
        int perPass = Math.max(1, IW_ROWS_PER_PASS / size);
        double[][] logWeights = new double[size][iwSamples];
        for (int done = 0; done < iwSamples; done += perPass) {
            int s = Math.min(perPass, iwSamples - done);
            try (NDScope pass = new NDScope()) {
                // Rows are example-major: example b's samples are rows b*s .. b*s+s-1.
                NDArray mu = mean.repeat(0, s);
                NDArray lv = logVar.repeat(0, s);
                NDArray eps = mu.getManager().randomNormal(mu.getShape());
                NDArray z = mu.add(lv.mul(0.5f).exp().mul(eps));
                NDArray nll = model.reconstructionNll(store, repeated(batch.getData(), s), repeated(batch.getLabels(), s), z);
                NDArray logPrior = z.square().sum(new int[] {1}).mul(-0.5f);
                NDArray logPosterior = eps.square().add(lv).sum(new int[] {1}).mul(-0.5f);
                // The -latent/2 log 2 pi terms of prior and posterior cancel.
                float[] w = nll.neg().add(logPrior).sub(logPosterior).toFloatArray();
                for (int b = 0; b < size; b++) {
                    for (int j = 0; j < s; j++) {
                        logWeights[b][done + j] = w[b * s + j];
                    }
                }
            }
        }
        double sum = 0;
        for (double[] example : logWeights) {
            sum -= LatentStatistics.logMeanExp(example);
        }
        return sum;
    }

    private static NDList repeated(NDList arrays, int times) {
        NDList out = new NDList(arrays.size());
        arrays.forEach(a -> out.add(a.repeat(0, times)));
        return out;
    }

    private static void rows(NDArray matrix, List<float[]> rows) {
        int columns = (int) matrix.getShape().get(1);
        float[] values = matrix.toFloatArray();
        for (int r = 0; r < values.length / columns; r++) {
            float[] row = new float[columns];
            System.arraycopy(values, r * columns, row, 0, columns);
            rows.add(row);
        }
    }
}
