package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LatentStatisticsTest {

    private static float[][] filled(int n, int latent, float value) {
        float[][] rows = new float[n][latent];
        for (float[] row : rows) {
            java.util.Arrays.fill(row, value);
        }
        return rows;
    }

    @Test
    void aPosteriorEqualToThePriorHasNoActiveUnitsAndNoMutualInformation() {
        float[][] means = filled(400, 4, 0f);
        float[][] logVars = filled(400, 4, 0f);
        assertEquals(0, LatentStatistics.activeUnits(means));
        double mi = LatentStatistics.mutualInformation(means, logVars, new Random(1));
        assertEquals(0.0, mi, 0.25, "MI of posteriors that all equal the prior");
    }

    @Test
    void wellSeparatedSharpPosteriorsCarryLogNNats() {
        // One z per example makes the estimate noisy (about 0.35 nats at n = 8); n = 200 keeps the
        // noise near 0.07.
        int n = 200;
        float[][] means = filled(n, 2, 0f);
        float[][] logVars = filled(n, 2, -10f);
        for (int i = 0; i < n; i++) {
            means[i][0] = 10f * i;
        }
        double mi = LatentStatistics.mutualInformation(means, logVars, new Random(2));
        assertEquals(Math.log(n), mi, 0.25);
        assertEquals(1, LatentStatistics.activeUnits(means), "only dimension 0 varies");
    }

    @Test
    void activeUnitsUseTheVarianceThresholdOfOneHundredth() {
        float[][] means = new float[100][2];
        for (int i = 0; i < 100; i++) {
            means[i][0] = i % 2 == 0 ? 0.2f : -0.2f; // variance 0.04: active
            means[i][1] = i % 2 == 0 ? 0.05f : -0.05f; // variance 0.0025: inactive
        }
        double[] variance = LatentStatistics.meanVariance(means);
        assertEquals(0.04, variance[0], 1e-6);
        assertEquals(0.0025, variance[1], 1e-6);
        assertEquals(1, LatentStatistics.activeUnits(means));
    }

    @Test
    void logMeanExpIsStableForLargeValues() {
        assertEquals(1000 + Math.log(2.0 / 2), LatentStatistics.logMeanExp(new double[] {1000, 1000}), 1e-9);
        assertEquals(Math.log((1 + Math.E) / 2), LatentStatistics.logMeanExp(new double[] {0, 1}), 1e-12);
        assertTrue(Double.isFinite(LatentStatistics.logMeanExp(new double[] {-2000, -2001})));
    }

    @Test
    void aCollapsedPosteriorReadsNearZeroMutualInformationOnEveryDraw() {
        // 370 sentences, 32 dimensions, every posterior the prior give or take a little: the
        // closed-form-entropy estimator read -0.3..+0.5 nats here; the paired one stays near 0.
        Random random = new Random(1234); // not one of the draws' seeds: their z would copy the means
        float[][] means = new float[370][32];
        float[][] logVars = new float[370][32];
        for (float[] row : means) {
            for (int d = 0; d < row.length; d++) {
                row[d] = (float) (0.01 * random.nextGaussian());
            }
        }
        for (int seed = 0; seed < 5; seed++) {
            double mi = LatentStatistics.mutualInformation(means, logVars, new Random(seed));
            assertEquals(0.0, mi, 0.01, "draw " + seed);
        }
    }
}
