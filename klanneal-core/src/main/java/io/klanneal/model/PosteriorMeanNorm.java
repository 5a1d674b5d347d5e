package io.klanneal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;

/**
 * BN-VAE's normalisation of the posterior means (Zhu et al., ACL 2020): each latent dimension's
 * mean is batch-normalised, times a fixed scale gamma, plus a learned shift. Over a batch each
 * dimension's means then have mean (the shift) and variance gamma squared, so the KL averaged over
 * the data is at least gamma^2 / 2 nats per dimension whatever the decoder does: a floor under the
 * KL at no extra cost. Evaluation passes use the running statistics, as batch normalisation does.
 *
 * <p>It acts on the posterior, not the architecture: a model applies it to the means its encoder
 * outputs, before the reparameterisation (the built-in models do with option {@code bn-gamma}).
 * Input and output {@code (batch, latent)}.
 */
public final class PosteriorMeanNorm extends AbstractBlock {

    private final float gamma;
    private final BatchNorm norm;
    private final Parameter shift;

    /**
     * Creates the block.
     *
     * @param latent the latent dimensions
     * @param gamma the fixed scale, greater than 0
     */
    public PosteriorMeanNorm(int latent, float gamma) {
        if (!(gamma > 0)) {
            throw new IllegalArgumentException("the scale gamma of BN-VAE must be greater than 0, got " + gamma);
        }
        this.gamma = gamma;
        // Neither DJL's scale (fixed here) nor its shift (applied after the scale, below).
        norm = addChildBlock("norm", BatchNorm.builder().optAxis(1).optScale(false).optCenter(false).build());
        shift = addParameter(Parameter.builder()
                .setName("shift")
                .setType(Parameter.Type.BETA)
                .optShape(new Shape(latent))
                .optInitializer(Initializer.ZEROS)
                .build());
    }

    /** Returns the fixed scale. */
    public float gamma() {
        return gamma;
    }

    /**
     * Normalises the mean of an encoder's output, keeping its log-variance.
     *
     * @param store the parameters
     * @param meanAndLogVar the posterior's mean and log-variance, each {@code (batch, latent)}
     * @param training whether this is a training pass
     * @return the normalised mean and the same log-variance
     */
    public NDList onMean(ParameterStore store, NDList meanAndLogVar, boolean training) {
        return new NDList(forward(store, new NDList(meanAndLogVar.get(0)), training).head(), meanAndLogVar.get(1));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray normalized = norm.forward(store, inputs, training).head();
        NDArray scaled = Scalars.mul(normalized, gamma);
        return new NDList(scaled.add(store.getValue(shift, scaled.getDevice(), training)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        norm.initialize(manager, dataType, inputShapes);
    }
}
