package io.klanneal.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.klanneal.train.CategoricalLikelihood;
import io.klanneal.train.GaussianKl;
import io.klanneal.train.LatentStatistics;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntConsumer;

/**
 * Computes {@link TextDiagnostics} in evaluation passes ({@code training = false}: no dropout, no
 * word dropout). The importance-weighted NLL uses K samples from q(z|x) per sentence:
 * -log p(x) ~= -log (1/K) sum_k p(x|z_k) p(z_k) / q(z_k|x); with K = 1 it equals the ELBO in
 * expectation and it decreases towards -log p(x) as K grows.
 */
public final class TextEvaluation {

    /** Sequences decoded at once for the importance-weighted estimate. */
    private static final int IW_SEQUENCES_PER_PASS = 128;

    private TextEvaluation() {}

    /**
     * Evaluates a model on sentences.
     *
     * @param block the trained model
     * @param store its parameters
     * @param manager where temporary arrays go
     * @param sentences the held-out sentences, not shuffled
     * @param iwSamples K for the importance-weighted NLL (0: skip it)
     * @param miDraws draws the MI estimate's samples (the engine's generator draws the rest)
     * @return the diagnostics
     */
    public static TextDiagnostics evaluate(
            TextVae block,
            ParameterStore store,
            NDManager manager,
            SentenceBatches sentences,
            int iwSamples,
            Random miDraws) {
        return evaluate(block, store, manager, sentences, iwSamples, miDraws, done -> { });
    }

    /**
     * Evaluates a model on sentences, telling {@code progress} how many sentences are done after
     * every batch (with K = 500 a few hundred sentences take minutes on a CPU).
     *
     * @param block the trained model
     * @param store its parameters
     * @param manager where temporary arrays go
     * @param sentences the held-out sentences, not shuffled
     * @param iwSamples K for the importance-weighted NLL (0: skip it)
     * @param miDraws draws the MI estimate's samples (the engine's generator draws the rest)
     * @param progress told the number of sentences evaluated so far
     * @return the diagnostics
     */
    public static TextDiagnostics evaluate(
            TextVae block,
            ParameterStore store,
            NDManager manager,
            SentenceBatches sentences,
            int iwSamples,
            Random miDraws,
            IntConsumer progress) {
        int done = 0;
        CategoricalLikelihood likelihood = new CategoricalLikelihood();
        List<float[]> means = new ArrayList<>();
        List<float[]> logVars = new ArrayList<>();
        double reconstruction = 0;
        double kl = 0;
        double iwNll = 0;
        for (Batch batch : sentences.getData(manager)) {
            try (batch) {
                NDList data = batch.getData();
                NDList labels = batch.getLabels();
                NDList posterior = block.encode(store, data.get(0), data.get(2), false);
                NDArray mean = posterior.get(0);
                NDArray logVar = posterior.get(1);
                NDArray z = io.klanneal.model.Reparameterization.sample(mean, logVar);
                NDArray logits = block.decode(store, data.get(1), z, false);
                reconstruction += likelihood.negativeLogLikelihood(labels, new NDList(logits)).sum().getFloat();
                kl += GaussianKl.perExample(mean, logVar).sum().getFloat();
                collectRows(mean, means);
                collectRows(logVar, logVars);
                if (iwSamples > 0) {
                    iwNll += importanceWeightedNll(block, store, data, labels, mean, logVar, iwSamples);
                }
                done += batch.getSize();
            }
            progress.accept(done);
        }
        int n = sentences.size();
        float[][] meanRows = means.toArray(new float[0][]);
        float[][] logVarRows = logVars.toArray(new float[0][]);
        return new TextDiagnostics(
                n,
                sentences.predictedTokens(),
                reconstruction / n,
                kl / n,
                LatentStatistics.activeUnits(meanRows),
                LatentStatistics.mutualInformation(meanRows, logVarRows, miDraws),
                iwSamples,
                iwSamples > 0 ? iwNll / n : Double.NaN);
    }

    /**
     * Returns the posterior means of sentences, in corpus order.
     *
     * @param block the model
     * @param store its parameters
     * @param manager where temporary arrays go
     * @param sentences the sentences, not shuffled
     * @return one row per sentence
     */
    public static float[][] posteriorMeans(
            TextVae block, ParameterStore store, NDManager manager, SentenceBatches sentences) {
        List<float[]> means = new ArrayList<>();
        for (Batch batch : sentences.getData(manager)) {
            try (batch) {
                NDList data = batch.getData();
                collectRows(block.encode(store, data.get(0), data.get(2), false).get(0), means);
            }
        }
        return means.toArray(new float[0][]);
    }

    private static void collectRows(NDArray matrix, List<float[]> rows) {
        int columns = (int) matrix.getShape().get(1);
        float[] values = matrix.toFloatArray();
        for (int r = 0; r < values.length / columns; r++) {
            float[] row = new float[columns];
            System.arraycopy(values, r * columns, row, 0, columns);
            rows.add(row);
        }
    }

    // Sum over the batch of -log p(x) estimated with k importance samples per sentence.
    private static double importanceWeightedNll(
            TextVae block,
            ParameterStore store,
            NDList data,
            NDList labels,
            NDArray mean,
            NDArray logVar,
            int k) {
        int batch = (int) mean.getShape().get(0);
        int perPass = Math.max(1, IW_SEQUENCES_PER_PASS / batch);
        double[][] logWeights = new double[batch][k];
        CategoricalLikelihood likelihood = new CategoricalLikelihood();
        for (int done = 0; done < k; done += perPass) {
            int s = Math.min(perPass, k - done);
            // Every array of a pass is freed at its end: a pass holds (batch * s, T, V) logits.
            try (NDScope pass = new NDScope()) {
                // Rows are sentence-major: sentence b's samples are rows b*s .. b*s+s-1.
                NDArray mu = mean.repeat(0, s);
                NDArray lv = logVar.repeat(0, s);
                NDArray eps = mu.getManager().randomNormal(mu.getShape());
                NDArray z = mu.add(lv.mul(0.5f).exp().mul(eps));
                NDArray logits = block.decode(store, data.get(1).repeat(0, s), z, false);
                NDArray nll =
                        likelihood.negativeLogLikelihood(
                                new NDList(labels.get(0).repeat(0, s), labels.get(1).repeat(0, s)),
                                new NDList(logits));
                NDArray logPrior = z.square().sum(new int[] {1}).mul(-0.5f);
                NDArray logPosterior = eps.square().add(lv).sum(new int[] {1}).mul(-0.5f);
                // The -latent/2 log 2 pi terms of prior and posterior cancel.
                float[] w = nll.neg().add(logPrior).sub(logPosterior).toFloatArray();
                for (int b = 0; b < batch; b++) {
                    for (int j = 0; j < s; j++) {
                        logWeights[b][done + j] = w[b * s + j];
                    }
                }
            }
        }
        double sum = 0;
        for (double[] sentence : logWeights) {
            sum -= LatentStatistics.logMeanExp(sentence);
        }
        return sum;
    }
}
