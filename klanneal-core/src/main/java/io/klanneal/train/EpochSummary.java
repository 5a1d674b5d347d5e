package io.klanneal.train;

/**
 * One epoch's results.
 *
 * @param epoch the 1-based epoch number
 * @param lastBeta beta in the epoch's last optimizer step
 * @param train means over the epoch's training steps
 * @param validation means over the validation set after the epoch (null without validation)
 * @param seconds wall time of the epoch, validation included
 */
public record EpochSummary(
        int epoch, float lastBeta, MeanTerms train, MeanTerms validation, double seconds) {

    /**
     * Loss terms averaged over examples, in nats per example.
     *
     * @param reconstruction -log p(x|z)
     * @param kl KL(q(z|x) || p(z))
     * @param loss reconstruction + beta * KL with the beta training used
     * @param klPerDimension the mean KL of each latent dimension (sums to kl); null for training
     *     epochs, whose posteriors move while they are measured
     */
    public record MeanTerms(double reconstruction, double kl, double loss, double[] klPerDimension) {

        /** Returns the negative ELBO, reconstruction + KL (beta = 1): lower is better. */
        public double elbo() {
            return reconstruction + kl;
        }
    }
}
