package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** The decoder's distribution p(x|z): how the reconstruction term is computed. */
public interface Likelihood {

    /**
     * Returns -log p(x|z) of each example in nats, summed over the data dimensions.
     *
     * @param labels the targets the trainer was given
     * @param predictions the block's outputs: {@code (decoder output, mean, log-variance)}, then
     *     any parameters of the likelihood the model learns (e.g. a Gaussian's log sigma)
     * @return the negative log-likelihood per example, {@code (batch)}
     */
    NDArray negativeLogLikelihood(NDList labels, NDList predictions);
}
