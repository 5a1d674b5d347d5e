package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * Independent Bernoulli pixels with decoder logits l: -log p(x|z) = sum softplus(l) - x * l. Targets
 * may be intensities in [0, 1] (the usual "binary cross-entropy" on grey images); the value is then
 * a cross-entropy rather than an exact likelihood.
 */
public final class BernoulliLikelihood implements Likelihood {

    @Override
    public NDArray negativeLogLikelihood(NDList labels, NDArray logits) {
        NDArray x = labels.head();
        // softplus(l) = max(l, 0) + log(1 + exp(-|l|)), which never overflows.
        NDArray softplus = logits.maximum(0f).add(logits.abs().neg().exp().add(1f).log());
        return softplus.sub(x.mul(logits)).sum(new int[] {1});
    }
}
