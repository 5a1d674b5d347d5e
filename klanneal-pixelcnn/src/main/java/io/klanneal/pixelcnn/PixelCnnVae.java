package io.klanneal.pixelcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import io.klanneal.model.PosteriorMeanNorm;
import io.klanneal.model.Reparameterization;
import io.klanneal.train.BernoulliLikelihood;
import io.klanneal.train.InferenceNetwork;
import io.klanneal.train.PosteriorModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A VAE whose decoder is a PixelCNN conditioned on z (PixelVAE, Gulrajani et al. 2017): pixel i's
 * Bernoulli logit sees z and the pixels before it in raster order, so the decoder can model much
 * of an image without z, which is what makes its KL collapse. Encoder: image -> hidden (ReLU) ->
 * posterior mean and log-variance. Decoder: a 7x7 type-A masked convolution, then {@code layers}
 * 3x3 type-B ones, each adding a per-channel shift computed from z, then a 1x1 convolution to one
 * logit per pixel. More layers see further back and need z less.
 *
 * <p>Input: {@code (batch, rows * cols)}. Output: {@code (logits, mean, log-variance)}, the layout
 * klanneal's loss reads.
 */
final class PixelCnnVae extends AbstractBlock implements PosteriorModel, InferenceNetwork {

    private final int rows;
    private final int cols;
    private final int latent;
    private final Linear encoderHidden;
    private final Linear posterior;
    private final MaskedConv2d first;
    private final List<MaskedConv2d> layers = new ArrayList<>();
    private final Linear conditioning;
    private final Conv2d output;
    private final int channels;
    private final PosteriorMeanNorm meanNorm;

    // meanNormGamma: BN-VAE's fixed scale of the posterior means (klanneal's bn-gamma), 0 for none.
    PixelCnnVae(int rows, int cols, int hidden, int latent, int channels, int layerCount, float meanNormGamma) {
        this.rows = rows;
        this.cols = cols;
        this.latent = latent;
        this.channels = channels;
        encoderHidden = addChildBlock("encoder_hidden", Linear.builder().setUnits(hidden).build());
        posterior = addChildBlock("posterior", Linear.builder().setUnits(2L * latent).build());
        first = addChildBlock("masked_a", new MaskedConv2d(7, 1, channels, true));
        for (int i = 0; i < layerCount; i++) {
            layers.add(addChildBlock("masked_b" + i, new MaskedConv2d(3, channels, channels, false)));
        }
        // One shift per channel for the first layer and each later one, from z, in one product.
        conditioning = addChildBlock(
                "conditioning", Linear.builder().setUnits((long) channels * (layerCount + 1)).build());
        output = addChildBlock("output", Conv2d.builder().setKernelShape(new Shape(1, 1)).setFilters(1).build());
        meanNorm = meanNormGamma > 0 ? addChildBlock("mean_norm", new PosteriorMeanNorm(latent, meanNormGamma)) : null;
    }

    @Override
    public List<Parameter> inferenceNetwork() {
        return InferenceNetwork.parametersOf(encoderHidden, posterior, meanNorm);
    }

    @Override
    public NDList encode(ParameterStore store, NDList data) {
        return encode(store, data.head(), false);
    }

    NDList encode(ParameterStore store, NDArray x, boolean training) {
        NDArray h = Activation.relu(encoderHidden.forward(store, new NDList(x), training).head());
        NDList meanAndLogVar = posterior.forward(store, new NDList(h), training).head().split(2, 1);
        return meanNorm == null ? meanAndLogVar : meanNorm.onMean(store, meanAndLogVar, training);
    }

    /**
     * Returns each pixel's Bernoulli logit given the image (only earlier pixels are seen) and z.
     *
     * @param store the parameters
     * @param x images, {@code (batch, rows * cols)}
     * @param z latent codes, {@code (batch, latent)}
     * @param training whether this is a training pass
     * @return {@code (batch, rows * cols)}
     */
    NDArray decode(ParameterStore store, NDArray x, NDArray z, boolean training) {
        long batch = x.getShape().get(0);
        NDArray shifts = conditioning.forward(store, new NDList(z), training).head()
                .reshape(batch, layers.size() + 1, channels, 1, 1);
        NDArray h = first.forward(store, new NDList(x.reshape(batch, 1, rows, cols)), training).head();
        h = Activation.relu(h.add(shifts.get(":, 0")));
        for (int i = 0; i < layers.size(); i++) {
            h = Activation.relu(layers.get(i).forward(store, new NDList(h), training).head().add(shifts.get(":, " + (i + 1))));
        }
        return output.forward(store, new NDList(h), training).head().reshape(batch, (long) rows * cols);
    }

    /**
     * Generates images from latent codes pixel by pixel in raster order: each pixel is drawn from
     * its Bernoulli given z and the pixels drawn before it. One decoder pass per pixel.
     *
     * @param store the parameters
     * @param z latent codes, {@code (n, latent)}
     * @param random the draws
     * @return each pixel's probability when it was drawn, {@code n * rows * cols} values, image
     *     after image: smoother to look at than the drawn 0s and 1s, and what the draw was made from
     */
    float[] generate(ParameterStore store, NDArray z, Random random) {
        int n = Math.toIntExact(z.getShape().get(0));
        int pixels = rows * cols;
        float[] drawn = new float[n * pixels];
        float[] probabilities = new float[n * pixels];
        NDManager manager = z.getManager();
        for (int i = 0; i < pixels; i++) {
            try (NDManager pass = manager.newSubManager()) {
                NDArray x = pass.create(drawn, new Shape(n, pixels));
                float[] logits = decode(store, x, z, false).get(":, " + i).toFloatArray();
                for (int k = 0; k < n; k++) {
                    float p = (float) (1 / (1 + Math.exp(-logits[k])));
                    probabilities[k * pixels + i] = p;
                    drawn[k * pixels + i] = random.nextFloat() < p ? 1f : 0f;
                }
            }
        }
        return probabilities;
    }

    @Override
    public NDArray reconstructionNll(ParameterStore store, NDList data, NDList labels, NDArray z) {
        NDArray x = data.head();
        return new BernoulliLikelihood().negativeLogLikelihood(new NDList(x), new NDList(decode(store, x, z, false)));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDList posteriorParams = encode(store, x, training);
        NDArray mean = posteriorParams.get(0);
        NDArray logVar = posteriorParams.get(1);
        NDArray z = Reparameterization.sample(mean, logVar);
        return new NDList(decode(store, x, z, training), mean, logVar);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape posteriorShape = new Shape(inputShapes[0].get(0), latent);
        return new Shape[] {inputShapes[0], posteriorShape, posteriorShape};
    }

    @Override
    protected void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputs) {
        long batch = inputs[0].get(0);
        encoderHidden.initialize(manager, dataType, inputs[0]);
        posterior.initialize(manager, dataType, encoderHidden.getOutputShapes(new Shape[] {inputs[0]})[0]);
        Shape image = new Shape(batch, 1, rows, cols);
        first.initialize(manager, dataType, image);
        Shape features = new Shape(batch, channels, rows, cols);
        layers.forEach(layer -> layer.initialize(manager, dataType, features));
        conditioning.initialize(manager, dataType, new Shape(batch, latent));
        output.initialize(manager, dataType, features);
        if (meanNorm != null) {
            meanNorm.initialize(manager, dataType, new Shape(batch, latent));
        }
    }
}
