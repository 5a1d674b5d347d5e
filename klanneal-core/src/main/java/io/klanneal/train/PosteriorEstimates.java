package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * The estimates every kind's posterior diagnostics share: the posterior's rows for active units and
 * mutual information, and the importance-weighted NLL -log p(x) ~= -log (1/K) sum_k p(x|z_k) p(z_k)
 * / q(z_k|x), with K samples from q(z|x) per example (K = 1 equals the ELBO in expectation; it
 * decreases towards -log p(x) as K grows).
 */
public final class PosteriorEstimates {

    /** Examples decoded at once for the importance-weighted estimate. */
    private static final int IW_ROWS_PER_PASS = 128;

    private PosteriorEstimates() {}

    /**
     * A held-out set's posterior diagnostics.
     *
     * @param examples the examples seen
     * @param activeUnits latent dimensions whose posterior mean varies over the set (Burda et al.)
     * @param mutualInformation I(x; z) in nats
     * @param iwNll the mean importance-weighted NLL per example, or NaN when not estimated (K = 0)
     */
    public record Summary(int examples, int activeUnits, double mutualInformation, double iwNll) {}

    /**
     * Returns the posterior diagnostics of a dataset: active units, mutual information and, when
     * {@code iwSamples > 0}, the importance-weighted NLL, whose draws come from the engine's
     * generator (seed it first).
     *
     * @param model the model
     * @param store its parameters
     * @param dataset the data, in a fixed order
     * @param manager the manager the batches are read into
     * @param iwSamples K of the importance-weighted NLL (0: skip)
     * @param mutualInformationDraws draws of the mutual information estimate
     * @param progress told the examples done after each batch
     * @return the diagnostics
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be built
     */
    public static Summary summarize(
            PosteriorModel model,
            ParameterStore store,
            Dataset dataset,
            NDManager manager,
            int iwSamples,
            Random mutualInformationDraws,
            IntConsumer progress)
            throws IOException, TranslateException {
        List<float[]> means = new ArrayList<>();
        List<float[]> logVars = new ArrayList<>();
        double iwNll = 0;
        int n = 0;
        for (Batch batch : dataset.getData(manager)) {
            try (batch; NDScope scope = new NDScope()) {
                NDList posterior = model.encode(store, batch.getData());
                collectRows(posterior.get(0), means);
                collectRows(posterior.get(1), logVars);
                if (iwSamples > 0) {
                    iwNll += importanceWeightedNll(
                            model, store, batch.getData(), batch.getLabels(), posterior.get(0), posterior.get(1), iwSamples);
                }
                n += batch.getSize();
            }
            progress.accept(n);
        }
        float[][] meanRows = means.toArray(new float[0][]);
        return new Summary(
                n,
                LatentStatistics.activeUnits(meanRows),
                LatentStatistics.mutualInformation(
                        meanRows, logVars.toArray(new float[0][]), mutualInformationDraws),
                iwSamples > 0 ? iwNll / n : Double.NaN);
    }

    /** Appends the rows of a {@code (batch, latent)} matrix. */
    public static void collectRows(NDArray matrix, List<float[]> rows) {
        int columns = (int) matrix.getShape().get(1);
        float[] values = matrix.toFloatArray();
        for (int r = 0; r < values.length / columns; r++) {
            float[] row = new float[columns];
            System.arraycopy(values, r * columns, row, 0, columns);
            rows.add(row);
        }
    }

    /**
     * Returns the sum over a batch of -log p(x), estimated with {@code k} importance samples per
     * example; z is drawn from the engine's generator.
     *
     * @param model the model
     * @param store its parameters
     * @param data the batch's data (every array has the batch on axis 0)
     * @param labels the batch's labels (likewise)
     * @param mean the posterior's mean of the batch
     * @param logVar its log-variance
     * @param k samples per example
     * @return the sum, in nats
     */
    public static double importanceWeightedNll(
            PosteriorModel model, ParameterStore store, NDList data, NDList labels, NDArray mean, NDArray logVar, int k) {
        int size = (int) mean.getShape().get(0);
        int perPass = Math.max(1, IW_ROWS_PER_PASS / size);
        double[][] logWeights = new double[size][k];
        for (int done = 0; done < k; done += perPass) {
            int s = Math.min(perPass, k - done);
            // Every array of a pass is freed at its end: a text pass holds (batch * s, T, V) logits.
            try (NDScope pass = new NDScope()) {
                // Rows are example-major: example b's samples are rows b*s .. b*s+s-1.
                NDArray mu = mean.repeat(0, s);
                NDArray lv = logVar.repeat(0, s);
                NDArray eps = mu.getManager().randomNormal(mu.getShape());
                NDArray z = mu.add(lv.mul(0.5f).exp().mul(eps));
                NDArray nll = model.reconstructionNll(store, repeated(data, s), repeated(labels, s), z);
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
}
