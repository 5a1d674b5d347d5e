package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.loss.Loss;
import io.klanneal.model.Scalars;

/**
 * The beta-weighted negative ELBO: per example, {@code reconstruction + beta * KL} in nats, where
 * reconstruction is -log p(x|z) summed over data dimensions and KL is the closed-form KL of the
 * diagonal Gaussian posterior against N(0, I) summed over latent dimensions; averaged over the
 * batch. Predictions are {@code (decoder output, mean, log-variance)}.
 *
 * <p>Beta is set by {@link BetaAnnealingListener} before every forward pass. With free bits
 * (Kingma et al. 2016) of lambda nats, the KL of each latent dimension, averaged over the batch,
 * enters the loss as {@code max(lambda, KL_d)}: a dimension below lambda costs a constant and gets
 * no gradient pulling it to the prior. The terms (and every metric) stay the true KL.
 */
public final class VaeLoss extends Loss {

    private final Likelihood likelihood;
    private final float freeBits;
    private volatile float beta = 1f;

    /**
     * Creates the loss without free bits.
     *
     * @param likelihood the decoder's distribution
     */
    public VaeLoss(Likelihood likelihood) {
        this(likelihood, 0f);
    }

    /**
     * Creates the loss.
     *
     * @param likelihood the decoder's distribution
     * @param freeBits the KL per latent dimension below which it is not penalised, nats (0: off)
     */
    public VaeLoss(Likelihood likelihood, float freeBits) {
        super("vae_loss");
        if (!Float.isFinite(freeBits) || freeBits < 0) {
            throw new IllegalArgumentException("free bits must be a finite number >= 0, got " + freeBits);
        }
        this.likelihood = likelihood;
        this.freeBits = freeBits;
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
        return objective(terms(labels, predictions), beta);
    }

    /**
     * Returns what training minimises for a batch: the mean of {@code reconstruction + beta * KL},
     * with each dimension's batch-mean KL held at least at the free bits.
     *
     * @param terms the batch's terms
     * @param beta the KL weight
     * @return a scalar
     */
    public NDArray objective(Terms terms, float beta) {
        if (freeBits == 0f) {
            return terms.weighted(beta).mean();
        }
        NDArray kl = Scalars.maximum(terms.klPerDimension().mean(new int[] {0}), freeBits).sum();
        return terms.reconstruction().mean().add(beta == 1f ? kl : Scalars.mul(kl, beta));
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
            return beta == 1f ? reconstruction.add(kl) : reconstruction.add(Scalars.mul(kl, beta));
        }
    }
}
