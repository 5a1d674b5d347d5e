package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import io.klanneal.model.Scalars;

/**
 * Independent Gaussian data dimensions around the decoder's output mu with one standard deviation
 * sigma shared by all dimensions: -log p(x|z) = sum_d (x_d - mu_d)^2 / (2 sigma^2) + D log sigma +
 * D/2 log(2 pi). Sigma is either fixed or learned with the model (Rybkin et al. 2021, "sigma-VAE"):
 * a fixed sigma is a hidden KL weight in disguise (halving sigma scales reconstruction by 4), so it is
 * stated in the spec, and a learned one is reported after every epoch.
 */
public final class GaussianLikelihood implements Likelihood {

    private static final double HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

    private final double sigma;

    private GaussianLikelihood(double sigma) {
        this.sigma = sigma;
    }

    /**
     * Returns the likelihood with a fixed sigma.
     *
     * @param sigma the standard deviation, finite and &gt; 0
     * @return the likelihood
     */
    public static GaussianLikelihood fixed(double sigma) {
        if (!(sigma > 0) || !Double.isFinite(sigma)) {
            throw new IllegalArgumentException("sigma must be a finite number > 0, got " + sigma);
        }
        return new GaussianLikelihood(sigma);
    }

    /**
     * Returns the likelihood whose log sigma the model learns; the block must output it as its
     * fourth prediction ({@link io.klanneal.dense.DenseVae} does when built with a learned scale).
     *
     * @return the likelihood
     */
    public static GaussianLikelihood learned() {
        return new GaussianLikelihood(Double.NaN);
    }

    /** Returns whether sigma is learned rather than fixed. */
    public boolean isLearned() {
        return Double.isNaN(sigma);
    }

    @Override
    public NDArray negativeLogLikelihood(NDList labels, NDList predictions) {
        NDArray x = labels.head();
        long dims = x.getShape().get(1);
        NDArray squaredError = x.sub(predictions.head()).square().sum(new int[] {1});
        if (!isLearned()) {
            return Scalars.mul(squaredError, (float) (0.5 / (sigma * sigma)))
                    .add((float) (dims * (Math.log(sigma) + HALF_LOG_TWO_PI)));
        }
        if (predictions.size() < 4) {
            throw new IllegalArgumentException(
                    "gaussian:learned needs the model to output log sigma as its fourth"
                            + " prediction; got " + predictions.size() + " outputs");
        }
        NDArray logSigma = predictions.get(3);
        return Scalars.mul(squaredError.mul(Scalars.mul(logSigma, -2f).exp()), 0.5f)
                .add(Scalars.mul(logSigma, (float) dims))
                .add((float) (dims * HALF_LOG_TWO_PI));
    }
}
