package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;

/**
 * The beta-weighted negative ELBO: per example, {@code reconstruction + beta * KL} in nats, where
 * reconstruction is -log p(x|z) summed over data dimensions and KL is the closed-form KL of the
 * diagonal Gaussian posterior against N(0, I) summed over latent dimensions; averaged over the
 * batch. Predictions are {@code (decoder output, mean, log-variance)}.
 *
 * <p>Beta is set by {@link BetaAnnealingListener} before every forward pass.
 */
public final class VaeLoss extends Loss {

    private final Likelihood likelihood;
    private volatile float beta = 1f;

    /**
     * Creates the loss.
     *
     * @param likelihood the decoder's distribution
     */
    public VaeLoss(Likelihood likelihood) {
        super("vae_loss");
        this.likelihood = likelihood;
    }

    /** Returns the KL weight used by the next forward pass. */
    public float beta() {
        return beta;
    }

    /**
     * Sets the KL weight.
     *
     * @param beta finite and not negative
     */
    public void setBeta(float beta) {
        if (!Float.isFinite(beta) || beta < 0) {
            throw new IllegalArgumentException("beta must be finite and >= 0, got " + beta);
        }
        this.beta = beta;
    }

    /**
     * Returns the two terms of the loss for each example.
     *
     * @param labels the targets
     * @param predictions {@code (decoder output, mean, log-variance)}
     * @return reconstruction and KL per example, and KL per example and latent dimension
     */
    public Terms terms(NDList labels, NDList predictions) {
        NDArray klPerDimension = GaussianKl.perDimension(predictions.get(1), predictions.get(2));
        return new Terms(
                likelihood.negativeLogLikelihood(labels, predictions),
                klPerDimension.sum(new int[] {1}),
                klPerDimension);
    }

    @Override
    public NDArray evaluate(NDList labels, NDList predictions) {
        return terms(labels, predictions).weighted(beta).mean();
    }

    /**
     * The loss terms of a batch, one value per example, in nats.
     *
     * @param reconstruction -log p(x|z), {@code (batch)}
     * @param kl KL(q(z|x) || p(z)), {@code (batch)}
     * @param klPerDimension the KL of each latent dimension, {@code (batch, latent)}; sums to kl
     */
    public record Terms(NDArray reconstruction, NDArray kl, NDArray klPerDimension) {

        /** Returns {@code reconstruction + beta * kl} per example. */
        public NDArray weighted(float beta) {
            return beta == 1f ? reconstruction.add(kl) : reconstruction.add(kl.mul(beta));
        }
    }
}
