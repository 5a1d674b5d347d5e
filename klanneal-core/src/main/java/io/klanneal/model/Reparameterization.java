package io.klanneal.model;

import ai.djl.ndarray.NDArray;

/** The reparameterization trick: z = mean + exp(logVar / 2) * eps with eps ~ N(0, I). */
public final class Reparameterization {

    private Reparameterization() {}

    /**
     * Draws one z per row from N(mean, diag(exp(logVar))), differentiable in mean and logVar.
     *
     * @param mean the posterior means
     * @param logVar the posterior log-variances, same shape
     * @return a sample of the same shape
     */
    public static NDArray sample(NDArray mean, NDArray logVar) {
        NDArray eps = mean.getManager().randomNormal(mean.getShape());
        return mean.add(Scalars.mul(logVar, 0.5f).exp().mul(eps));
    }
}
