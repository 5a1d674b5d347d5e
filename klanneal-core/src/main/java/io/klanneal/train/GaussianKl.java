package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import io.klanneal.model.Scalars;

/** KL(N(mean, diag(exp(logVar))) || N(0, I)) in closed form, in nats. */
public final class GaussianKl {

    private GaussianKl() {}

    /**
     * Returns the KL of each latent dimension: 0.5 * (exp(logVar) + mean^2 - 1 - logVar).
     *
     * @param mean posterior means, {@code (batch, latent)}
     * @param logVar posterior log-variances, {@code (batch, latent)}
     * @return the KL per example and dimension, {@code (batch, latent)}
     */
    public static NDArray perDimension(NDArray mean, NDArray logVar) {
        return Scalars.mul(logVar.exp().add(mean.square()).sub(1f).sub(logVar), 0.5f);
    }

    /**
     * Returns the KL of each example, summed over latent dimensions.
     *
     * @param mean posterior means, {@code (batch, latent)}
     * @param logVar posterior log-variances, {@code (batch, latent)}
     * @return the KL per example, {@code (batch)}
     */
    public static NDArray perExample(NDArray mean, NDArray logVar) {
        return perDimension(mean, logVar).sum(new int[] {1});
    }
}
