package io.klanneal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

/**
 * A dense VAE. Encoder: input -> hidden (ReLU) -> linear heads for the posterior mean and
 * log-variance (no activation: both must range over all reals). Decoder: z -> hidden (ReLU) ->
 * one logit per input dimension.
 *
 * <p>Input: {@code (batch, dims)}. Output: {@code (decoder logits, mean, log-variance)}, the layout
 * {@link io.klanneal.train.VaeLoss} reads.
 */
public final class DenseVae extends AbstractBlock {

    private final int latent;
    private final Linear encoderHidden;
    private final Linear posterior;
    private final Linear decoderHidden;
    private final Linear decoderOutput;

    /**
     * Creates the block.
     *
     * @param inputDims the number of values in one example (784 for 28x28 images)
     * @param hidden the width of the hidden layer of encoder and decoder
     * @param latent the number of latent dimensions
     */
    public DenseVae(int inputDims, int hidden, int latent) {
        if (inputDims < 1 || hidden < 1 || latent < 1) {
            throw new IllegalArgumentException(
                    "input, hidden and latent sizes must be positive, got " + inputDims + ", "
                            + hidden + ", " + latent);
        }
        this.latent = latent;
        encoderHidden = addChildBlock("encoder_hidden", Linear.builder().setUnits(hidden).build());
        // Mean and log-variance heads in one matrix product, split in forward.
        posterior = addChildBlock("posterior", Linear.builder().setUnits(2L * latent).build());
        decoderHidden = addChildBlock("decoder_hidden", Linear.builder().setUnits(hidden).build());
        decoderOutput =
                addChildBlock("decoder_output", Linear.builder().setUnits(inputDims).build());
    }

    /**
     * Returns the posterior mean and log-variance of a batch.
     *
     * @param store the parameters
     * @param x the inputs, {@code (batch, dims)}
     * @param training whether this is a training pass
     * @return {@code (mean, log-variance)}, each {@code (batch, latent)}
     */
    public NDList encode(ParameterStore store, NDArray x, boolean training) {
        NDArray h = Activation.relu(encoderHidden.forward(store, new NDList(x), training).head());
        NDArray heads = posterior.forward(store, new NDList(h), training).head();
        return heads.split(2, 1);
    }

    /**
     * Returns the decoder's Bernoulli logits for latent codes.
     *
     * @param store the parameters
     * @param z latent codes, {@code (batch, latent)}
     * @param training whether this is a training pass
     * @return logits, {@code (batch, dims)}
     */
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        NDArray h = Activation.relu(decoderHidden.forward(store, new NDList(z), training).head());
        return decoderOutput.forward(store, new NDList(h), training).head();
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList posteriorParams = encode(store, inputs.head(), training);
        NDArray mean = posteriorParams.get(0);
        NDArray logVar = posteriorParams.get(1);
        NDArray z = Reparameterization.sample(mean, logVar);
        return new NDList(decode(store, z, training), mean, logVar);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        return new Shape[] {
            inputShapes[0], new Shape(batch, latent), new Shape(batch, latent)
        };
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long batch = inputs[0].get(0);
        encoderHidden.initialize(manager, dataType, inputs[0]);
        Shape hidden = encoderHidden.getOutputShapes(new Shape[] {inputs[0]})[0];
        posterior.initialize(manager, dataType, hidden);
        decoderHidden.initialize(manager, dataType, new Shape(batch, latent));
        decoderOutput.initialize(manager, dataType, hidden);
    }
}
