package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class VaeLossTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    @Test
    void klMatchesTheClosedFormSummedOverLatentDimensions() {
        // Row 0: mean (1, 0), variance (1, 2). Row 1: the prior itself.
        NDArray mean = manager.create(new float[][] {{1f, 0f}, {0f, 0f}});
        NDArray logVar = manager.create(new float[][] {{0f, (float) Math.log(2)}, {0f, 0f}});
        float[] kl = GaussianKl.perExample(mean, logVar).toFloatArray();
        double expected = 0.5 * (1 + 1 - 1 - 0) + 0.5 * (2 + 0 - 1 - Math.log(2));
        assertEquals(expected, kl[0], 1e-6);
        assertEquals(0.0, kl[1], 1e-7, "a posterior equal to the prior has KL 0");
        float[] perDim = GaussianKl.perDimension(mean, logVar).toFloatArray();
        assertEquals(kl[0], perDim[0] + perDim[1], 1e-6, "per-dimension KLs sum to the total");
    }

    @Test
    void bernoulliReconstructionIsTheSummedCrossEntropyAndNeverOverflows() {
        NDArray logits = manager.create(new float[][] {{0f, 2f}, {100f, -100f}});
        NDArray x = manager.create(new float[][] {{1f, 0.5f}, {1f, 0f}});
        float[] nll =
                new BernoulliLikelihood().negativeLogLikelihood(new NDList(x), new NDList(logits)).toFloatArray();
        double softplus2 = Math.log1p(Math.exp(2));
        assertEquals(Math.log(2) + softplus2 - 0.5 * 2, nll[0], 1e-5);
        assertEquals(0.0, nll[1], 1e-5, "confident correct logits cost nothing");
    }

    @Test
    void withBetaZeroTheLossIsTheReconstruction() {
        NDList labels = new NDList(manager.create(new float[][] {{1f, 0f}, {0f, 1f}}));
        NDList predictions =
                new NDList(
                        manager.create(new float[][] {{0.3f, -1f}, {2f, 0.5f}}),
                        manager.create(new float[][] {{1f, -2f}, {0.5f, 0f}}),
                        manager.create(new float[][] {{0.2f, -0.4f}, {1f, 0f}}));
        VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
        VaeLoss.Terms terms = loss.terms(labels, predictions);
        loss.setBeta(0f);
        assertEquals(
                terms.reconstruction().mean().getFloat(),
                loss.evaluate(labels, predictions).getFloat(),
                1e-6);
        loss.setBeta(0.5f);
        float expected =
                terms.reconstruction().mean().getFloat() + 0.5f * terms.kl().mean().getFloat();
        assertEquals(expected, loss.evaluate(labels, predictions).getFloat(), 1e-5);
    }
}
