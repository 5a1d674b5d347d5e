package io.klanneal.dense;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.util.PairList;
import io.klanneal.model.Initialization;
import io.klanneal.model.PosteriorMeanNorm;
import io.klanneal.model.Reparameterization;
import io.klanneal.train.BernoulliLikelihood;
import io.klanneal.train.GaussianLikelihood;
import io.klanneal.train.InferenceNetwork;
import io.klanneal.train.Likelihood;
import io.klanneal.train.PosteriorModel;
import java.util.List;

/**
 * A dense VAE. Encoder: input -> hidden (ReLU) -> linear heads for the posterior mean and
 * log-variance (no activation: both must range over all reals). Decoder: z -> hidden (ReLU) ->
 * one logit per input dimension.
 *
 * <p>The decoder's output is the parameter of the data distribution: Bernoulli logits, or a
 * Gaussian's mean. Built with a learned scale, the block also holds one log sigma shared by all data
 * dimensions, for {@code gaussian:learned}.
 *
 * <p>Input: {@code (batch, dims)}. Output: {@code (decoder output, mean, log-variance)}, the layout
 * {@link io.klanneal.train.VaeLoss} reads, then {@code log sigma (1)} when the scale is learned.
 */
public final class DenseVae extends AbstractBlock implements PosteriorModel, InferenceNetwork {

    private final int inputDims;
    private final int hidden;
    private final int latent;
    private final Linear encoderHidden;
    private final Linear posterior;
    private final Linear decoderHidden;
    private final Linear decoderOutput;
    private final Parameter logSigma;
    private final Likelihood likelihood;
    private PosteriorMeanNorm meanNorm;

    /**
     * Creates the block.
     *
     * @param inputDims the number of values in one example (784 for 28x28 images)
     * @param hidden the width of the hidden layer of encoder and decoder
     * @param latent the number of latent dimensions
     */
    public DenseVae(int inputDims, int hidden, int latent) {
        this(inputDims, hidden, latent, new BernoulliLikelihood());
    }

    /**
     * Creates the block for a likelihood: with a learned Gaussian scale, it learns one log sigma
     * (starting at 0: sigma = 1).
     *
     * @param inputDims the number of values in one example (784 for 28x28 images)
     * @param hidden the width of the hidden layer of encoder and decoder
     * @param latent the number of latent dimensions
     * @param likelihood the data's likelihood given the decoder's output, as the loss reads it
     */
    public DenseVae(int inputDims, int hidden, int latent, Likelihood likelihood) {
        if (inputDims < 1 || hidden < 1 || latent < 1) {
            throw new IllegalArgumentException(
                    "input, hidden and latent sizes must be positive, got " + inputDims + ", "
                            + hidden + ", " + latent);
        }
        this.inputDims = inputDims;
        this.hidden = hidden;
        this.latent = latent;
        this.likelihood = likelihood;
        boolean learnedScale = likelihood instanceof GaussianLikelihood gaussian && gaussian.isLearned();
        encoderHidden = addChildBlock("encoder_hidden", Linear.builder().setUnits(hidden).build());
        // Mean and log-variance heads in one matrix product, split in forward.
        posterior = addChildBlock("posterior", Linear.builder().setUnits(2L * latent).build());
        decoderHidden = addChildBlock("decoder_hidden", Linear.builder().setUnits(hidden).build());
        decoderOutput =
                addChildBlock("decoder_output", Linear.builder().setUnits(inputDims).build());
        logSigma =
                learnedScale
                        ? addParameter(
                                Parameter.builder()
                                        .setName("log_sigma")
                                        .setType(Parameter.Type.OTHER)
                                        .optShape(new Shape(1))
                                        .optInitializer(Initializer.ZEROS)
                                        .build())
                        : null;
    }

    /**
     * Chooses how the parameters start; call before the block is initialized.
     *
     * @param initialization DJL's or PyTorch's defaults
     */
    public void initializeAs(Initialization initialization) {
        initialization.dense(encoderHidden, inputDims);
        initialization.dense(posterior, hidden);
        initialization.dense(decoderHidden, latent);
        initialization.dense(decoderOutput, hidden);
    }

    /**
     * Normalises the posterior means as BN-VAE does ({@link PosteriorMeanNorm}); call before the
     * block is initialized.
     *
     * @param gamma the fixed scale of the normalised means
     */
    public void normalizeMeans(float gamma) {
        meanNorm = addChildBlock("mean_norm", new PosteriorMeanNorm(latent, gamma));
    }

    /** Returns the learned sigma of the Gaussian likelihood, or NaN when there is none. */
    public double learnedSigma() {
        return logSigma == null ? Double.NaN : Math.exp(logSigma.getArray().getFloat());
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
        NDList meanAndLogVar = posterior.forward(store, new NDList(h), training).head().split(2, 1);
        return meanNorm == null ? meanAndLogVar : meanNorm.onMean(store, meanAndLogVar, training);
    }

    /**
     * Returns the decoder's output (Bernoulli logits or Gaussian means) for latent codes.
     *
     * @param store the parameters
     * @param z latent codes, {@code (batch, latent)}
     * @param training whether this is a training pass
     * @return {@code (batch, dims)}
     */
    public NDArray decode(ParameterStore store, NDArray z, boolean training) {
        NDArray h = Activation.relu(decoderHidden.forward(store, new NDList(z), training).head());
        return decoderOutput.forward(store, new NDList(h), training).head();
    }

    @Override
    public List<Parameter> inferenceNetwork() {
        return InferenceNetwork.parametersOf(encoderHidden, posterior, meanNorm);
    }

    @Override
    public NDList encode(ParameterStore store, NDList data) {
        return encode(store, data.head(), false);
    }

    @Override
    public NDArray reconstructionNll(ParameterStore store, NDList data, NDList labels, NDArray z) {
        NDList predictions = new NDList(decode(store, z, false));
        if (logSigma != null) {
            // The likelihood reads log sigma as the fourth output (forward's layout); it ignores
            // the posterior's two in between.
            predictions.addAll(new NDList(z, z, store.getValue(logSigma, z.getDevice(), false)));
        }
        NDList targets = labels == null || labels.isEmpty() ? data : labels;
        return likelihood.negativeLogLikelihood(targets, predictions);
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDList posteriorParams = encode(store, inputs.head(), training);
        NDArray mean = posteriorParams.get(0);
        NDArray logVar = posteriorParams.get(1);
        NDArray z = Reparameterization.sample(mean, logVar);
        NDList outputs = new NDList(decode(store, z, training), mean, logVar);
        if (logSigma != null) {
            outputs.add(store.getValue(logSigma, mean.getDevice(), training));
        }
        return outputs;
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long batch = inputShapes[0].get(0);
        Shape posterior = new Shape(batch, latent);
        return logSigma == null
                ? new Shape[] {inputShapes[0], posterior, posterior}
                : new Shape[] {inputShapes[0], posterior, posterior, new Shape(1)};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long batch = inputs[0].get(0);
        encoderHidden.initialize(manager, dataType, inputs[0]);
        Shape hidden = encoderHidden.getOutputShapes(new Shape[] {inputs[0]})[0];
        posterior.initialize(manager, dataType, hidden);
        decoderHidden.initialize(manager, dataType, new Shape(batch, latent));
        decoderOutput.initialize(manager, dataType, hidden);
        if (meanNorm != null) {
            meanNorm.initialize(manager, dataType, new Shape(batch, latent));
        }
    }
}
