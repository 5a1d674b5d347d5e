package io.klanneal.train;

import java.util.Random;

/** Diagnostics of the posterior means and variances of a data set, computed on the host. */
public final class LatentStatistics {

    /** A dimension is active when the variance of its posterior mean over the data exceeds this. */
    public static final double ACTIVE_THRESHOLD = 0.01;

    private static final double LOG_2PI = Math.log(2 * Math.PI);

    private LatentStatistics() {}

    /**
     * Returns, per latent dimension, the variance over the data of the posterior mean.
     *
     * @param means the posterior mean of each example, {@code [N][latent]}
     * @return the variance of each dimension
     */
    public static double[] meanVariance(float[][] means) {
        int latent = means[0].length;
        double[] sum = new double[latent];
        double[] sumSquares = new double[latent];
        for (float[] mean : means) {
            for (int d = 0; d < latent; d++) {
                sum[d] += mean[d];
                sumSquares[d] += (double) mean[d] * mean[d];
            }
        }
        double[] variance = new double[latent];
        for (int d = 0; d < latent; d++) {
            double average = sum[d] / means.length;
            variance[d] = Math.max(0, sumSquares[d] / means.length - average * average);
        }
        return variance;
    }

    /**
     * Counts active units: dimensions whose posterior mean varies over the data by more than
     * {@link #ACTIVE_THRESHOLD} (Burda et al. 2016).
     *
     * @param means the posterior mean of each example
     * @return the number of active dimensions
     */
    public static int activeUnits(float[][] means) {
        int active = 0;
        for (double v : meanVariance(means)) {
            if (v > ACTIVE_THRESHOLD) {
                active++;
            }
        }
        return active;
    }

    /**
     * Estimates the mutual information I(x; z) under q as He et al. (2019) do:
     * E_x[E_q(z|x) log q(z|x)] - E_z[log q(z)], with q(z) the aggregate posterior, the mixture of
     * all examples' posteriors, and one z drawn from each example's posterior.
     *
     * @param means posterior means, {@code [N][latent]}
     * @param logVars posterior log-variances, {@code [N][latent]}
     * @param random draws the z samples
     * @return the estimate in nats; at most log N
     */
    public static double mutualInformation(float[][] means, float[][] logVars, Random random) {
        int n = means.length;
        int latent = means[0].length;
        double negativeEntropy = 0;
        double[][] z = new double[n][latent];
        for (int i = 0; i < n; i++) {
            double sumLogVar = 0;
            for (int d = 0; d < latent; d++) {
                sumLogVar += logVars[i][d];
                z[i][d] = means[i][d] + Math.exp(0.5 * logVars[i][d]) * random.nextGaussian();
            }
            negativeEntropy += -0.5 * latent * LOG_2PI - 0.5 * (latent + sumLogVar);
        }
        negativeEntropy /= n;
        double sumLogQ = 0;
        double[] logDensity = new double[n];
        for (int i = 0; i < n; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < n; j++) {
                double value = -0.5 * latent * LOG_2PI;
                for (int d = 0; d < latent; d++) {
                    double dev = z[i][d] - means[j][d];
                    value -= 0.5 * (dev * dev / Math.exp(logVars[j][d]) + logVars[j][d]);
                }
                logDensity[j] = value;
                max = Math.max(max, value);
            }
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += Math.exp(logDensity[j] - max);
            }
            sumLogQ += max + Math.log(sum) - Math.log(n);
        }
        return negativeEntropy - sumLogQ / n;
    }

    /**
     * Returns log(mean(exp(values))) without overflow.
     *
     * @param values log-weights
     * @return the log of their mean exponential
     */
    public static double logMeanExp(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : values) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum / values.length);
    }
}
