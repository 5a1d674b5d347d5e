package io.klanneal.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.klanneal.train.CategoricalLikelihood;
import io.klanneal.train.GaussianKl;
import io.klanneal.train.LatentStatistics;
import io.klanneal.train.PosteriorEstimates;
import io.klanneal.train.PosteriorModel;
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
        PosteriorModel model = posterior(block);
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
                PosteriorEstimates.collectRows(mean, means);
                PosteriorEstimates.collectRows(logVar, logVars);
                if (iwSamples > 0) {
                    iwNll += PosteriorEstimates.importanceWeightedNll(
                            model, store, data, labels, mean, logVar, iwSamples);
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
                PosteriorEstimates.collectRows(block.encode(store, data.get(0), data.get(2), false).get(0), means);
            }
        }
        return means.toArray(new float[0][]);
    }

    // The text model as klanneal's posterior estimates see it: decoder input data.get(1), labels
    // (targets, mask).
    private static PosteriorModel posterior(TextVae block) {
        CategoricalLikelihood likelihood = new CategoricalLikelihood();
        return new PosteriorModel() {
            @Override
            public NDList encode(ParameterStore store, NDList data) {
                return block.encode(store, data.get(0), data.get(2), false);
            }

            @Override
            public NDArray reconstructionNll(ParameterStore store, NDList data, NDList labels, NDArray z) {
                return likelihood.negativeLogLikelihood(labels, new NDList(block.decode(store, data.get(1), z, false)));
            }
        };
    }
}
