package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.ParameterStore;

/**
 * What klanneal's posterior diagnostics ({@link PosteriorDiagnosticsListener}: active units, mutual
 * information, importance-weighted NLL) need from a model, whatever its data: the posterior of a
 * batch, and how well a latent code reconstructs it. Both are evaluation passes (no dropout).
 */
public interface PosteriorModel {

    /**
     * Encodes a batch.
     *
     * @param store the parameters
     * @param data the batch's data, as the model's dataset gives it
     * @return the posterior's mean and log-variance, each {@code (batch, latent)}
     */
    NDList encode(ParameterStore store, NDList data);

    /**
     * Returns -log p(x | z) of each example.
     *
     * @param store the parameters
     * @param data the batch's data; every array has the batch on axis 0
     * @param labels the batch's labels; every array has the batch on axis 0
     * @param z one latent code per example, {@code (batch, latent)}
     * @return {@code (batch)}, in nats
     */
    NDArray reconstructionNll(ParameterStore store, NDList data, NDList labels, NDArray z);
}
