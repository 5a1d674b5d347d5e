package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
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
    void freeBitsTakeTheGradientAwayFromADimensionBelowTheirFloorOnly() {
        // Dimension 0: KL 0.5 per example, above a floor of 0.2; dimension 1: KL 0.005, below it.
        NDArray mean = manager.create(new float[][] {{1f, 0.1f}, {1f, 0.1f}});
        NDArray logVar = manager.zeros(new Shape(2, 2));
        mean.setRequiresGradient(true);
        VaeLoss loss = new VaeLoss(new BernoulliLikelihood(), 0.2f);
        try (ai.djl.training.GradientCollector collector =
                ai.djl.engine.Engine.getInstance().newGradientCollector()) {
            NDArray perDimension = GaussianKl.perDimension(mean, logVar);
            VaeLoss.Terms terms = new VaeLoss.Terms(manager.zeros(new Shape(2)), perDimension.sum(new int[] {1}), perDimension);
            NDArray objective = loss.objective(terms, 1f);
            assertEquals(0.5 + 0.2, objective.getFloat(), 1e-6, "the small dimension counts as the floor");
            collector.backward(objective);
        }
        float[] gradient = mean.getGradient().toFloatArray();
        assertEquals(0.5, gradient[0], 1e-6, "d(mean KL)/d(mean) = mean / batch");
        assertEquals(0.0, gradient[1], 0.0, "no pull toward the prior below the floor");
        assertEquals(0.0, gradient[3], 0.0);
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

    @Test
    void gaussianWithFixedSigmaMatchesAHandComputation() {
        // x = (1, 0), mu = (0.5, 0.5), sigma = 0.5:
        // squared error 0.5 / (2 * 0.25) = 1, plus 2 * (ln 0.5 + 0.5 ln 2 pi).
        NDList x = new NDList(manager.create(new float[][] {{1f, 0f}}));
        NDList predictions = new NDList(manager.create(new float[][] {{0.5f, 0.5f}}));
        double expected = 1.0 + 2 * (Math.log(0.5) + 0.5 * Math.log(2 * Math.PI));
        float nll = GaussianLikelihood.fixed(0.5).negativeLogLikelihood(x, predictions).getFloat();
        assertEquals(expected, nll, 1e-5);
    }

    @Test
    void gaussianWithLearnedSigmaReadsLogSigmaFromTheFourthPrediction() {
        NDList x = new NDList(manager.create(new float[][] {{1f, 0f}, {0.2f, 0.4f}}));
        NDArray mu = manager.create(new float[][] {{0.5f, 0.5f}, {0f, 1f}});
        NDArray posterior = manager.zeros(new Shape(2, 1));
        NDList learned =
                new NDList(mu, posterior, posterior, manager.create(new float[] {(float) Math.log(0.5)}));
        float[] expected =
                GaussianLikelihood.fixed(0.5).negativeLogLikelihood(x, new NDList(mu)).toFloatArray();
        float[] actual = GaussianLikelihood.learned().negativeLogLikelihood(x, learned).toFloatArray();
        assertEquals(expected[0], actual[0], 1e-5);
        assertEquals(expected[1], actual[1], 1e-5);
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> GaussianLikelihood.learned().negativeLogLikelihood(x, new NDList(mu)));
        assertTrue(e.getMessage().contains("fourth prediction"), e.getMessage());
    }

    @Test
    void likelihoodSpecsRoundTripAndNameWhatIsWrong() {
        for (String spec : new String[] {"bernoulli", "categorical", "gaussian:learned", "gaussian:sigma=0.1"}) {
            assertEquals(spec, LikelihoodSpec.parse(spec).toString());
        }
        assertTrue(LikelihoodSpec.parse("gaussian:learned").learnedScale());
        assertTrue(LikelihoodSpec.parse("gaussian:sigma=0.1").create() instanceof GaussianLikelihood);
        String[][] bad = {
            {"gaussian", "gaussian:sigma=X (fixed) or gaussian:learned"},
            {"gaussian:sigma=0", "sigma must be a finite number > 0"},
            {"gaussian:sigma=abc", "sigma must be a number"},
            {"poisson", "unknown likelihood"},
        };
        for (String[] c : bad) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LikelihoodSpec.parse(c[0]));
            assertTrue(e.getMessage().contains(c[1]) && e.getMessage().contains("'" + c[0] + "'"),
                    e.getMessage());
        }
    }

    @Test
    void perDimensionKlOfTheLossTermsSumsToTheKl() {
        NDList labels = new NDList(manager.create(new float[][] {{1f, 0f}, {0f, 1f}}));
        NDList predictions =
                new NDList(
                        manager.create(new float[][] {{0.3f, -1f}, {2f, 0.5f}}),
                        manager.create(new float[][] {{1f, -2f, 0.3f}, {0.5f, 0f, 0f}}),
                        manager.create(new float[][] {{0.2f, -0.4f, 0f}, {1f, 0f, -1f}}));
        VaeLoss.Terms terms = new VaeLoss(new BernoulliLikelihood()).terms(labels, predictions);
        float[] kl = terms.kl().toFloatArray();
        float[] perDimension = terms.klPerDimension().toFloatArray();
        for (int row = 0; row < 2; row++) {
            float sum = perDimension[3 * row] + perDimension[3 * row + 1] + perDimension[3 * row + 2];
            assertEquals(kl[row], sum, 1e-6);
        }
    }
}
