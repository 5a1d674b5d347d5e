package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** The decoder's distribution p(x|z): how the reconstruction term is computed. */
public interface Likelihood {

    /**
     * Returns -log p(x|z) of each example in nats, summed over the data dimensions.
     *
     * @param labels the targets the trainer was given
     * @param decoderOutput the decoder's distribution parameters
     * @return the negative log-likelihood per example, {@code (batch)}
     */
    NDArray negativeLogLikelihood(NDList labels, NDArray decoderOutput);
}
