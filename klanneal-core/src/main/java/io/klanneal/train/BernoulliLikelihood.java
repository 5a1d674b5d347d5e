package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * Independent Bernoulli pixels with decoder logits l: -log p(x|z) = sum softplus(l) - x * l. Targets
 * may be intensities in [0, 1] (the usual "binary cross-entropy" on grey images); the value is then
 * a cross-entropy rather than an exact likelihood.
 */
public final class BernoulliLikelihood implements Likelihood {

    @Override
    public NDArray negativeLogLikelihood(NDList labels, NDList predictions) {
        NDArray x = labels.head();
        NDArray logits = predictions.head();
        // The engine's softplus is one stable op with its own backward: log(1 + exp(l)) never
        // overflows for large l.
        return Activation.softPlus(logits).sub(x.mul(logits)).sum(new int[] {1});
    }
}
