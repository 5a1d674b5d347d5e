package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * A softmax over the vocabulary at every position: -log p(x|z) is the sum over the sentence's real
 * positions (words and the end marker) of -log softmax(logits)[target]. Labels are {@code (targets
 * (B, T), mask (B, T))}; masked (padded) positions contribute nothing.
 */
public final class CategoricalLikelihood implements Likelihood {

    @Override
    public NDArray negativeLogLikelihood(NDList labels, NDList predictions) {
        NDArray logits = predictions.head();
        NDArray targets = labels.get(0);
        NDArray mask = labels.get(1);
        NDArray logProbabilities = logits.logSoftmax(-1);
        NDArray picked = logProbabilities.gather(targets.expandDims(-1), -1).squeeze(-1);
        return picked.mul(mask).sum(new int[] {1}).neg();
    }
}
