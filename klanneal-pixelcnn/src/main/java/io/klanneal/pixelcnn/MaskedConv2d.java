package io.klanneal.pixelcnn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.initializer.UniformInitializer;
import ai.djl.util.PairList;

/**
 * A convolution whose kernel sees only pixels before the centre in raster order (van den Oord et
 * al. 2016): every row above, and the pixels to the left on the centre row. Type A (the first
 * layer) also hides the centre, so an output never sees the pixel it predicts; type B (later
 * layers) keeps it, since by then the centre holds features of earlier pixels only. The mask
 * multiplies the weight on every pass, so the hidden weights get no gradient either.
 */
final class MaskedConv2d extends AbstractBlock {

    private final int kernel;
    private final int channels;
    private final Parameter weight;
    private final Parameter bias;
    private final float[] mask;
    private NDArray maskArray;

    /**
     * Creates the layer.
     *
     * @param kernel the kernel's side, odd
     * @param in input channels
     * @param channels output channels
     * @param typeA whether the centre is hidden too (the first layer)
     */
    MaskedConv2d(int kernel, int in, int channels, boolean typeA) {
        this.kernel = kernel;
        this.channels = channels;
        Shape shape = new Shape(channels, in, kernel, kernel);
        // PyTorch's default for convolutions: U(+-1/sqrt(fan_in)).
        weight = addParameter(Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(new UniformInitializer((float) (1 / Math.sqrt((double) in * kernel * kernel)))).build());
        bias = addParameter(Parameter.builder().setName("bias").setType(Parameter.Type.BIAS)
                .optShape(new Shape(channels)).optInitializer(Initializer.ZEROS).build());
        mask = new float[(int) shape.size()];
        int centre = kernel / 2;
        for (int i = 0; i < mask.length; i++) {
            int row = (i / kernel) % kernel;
            int col = i % kernel;
            boolean seen = row < centre || (row == centre && (col < centre || (!typeA && col == centre)));
            mask[i] = seen ? 1f : 0f;
        }
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.head();
        NDArray w = store.getValue(weight, x.getDevice(), training);
        if (maskArray == null) {
            // Made once and kept. Made per pass from Java memory, the step's backward pass now and
            // then read that memory after it was freed: NaN losses under load (two runs in eight).
            maskArray = w.getManager().create(mask, w.getShape());
        }
        // The product belongs to the pass (the input's manager), not to the parameter's, which
        // lives as long as the model: attached there it would be kept after every pass.
        NDArray masked = w.mul(maskArray);
        masked.attach(x.getManager());
        NDArray b = store.getValue(bias, x.getDevice(), training);
        int pad = kernel / 2;
        return Conv2d.conv2d(x, masked, b, new Shape(1, 1), new Shape(pad, pad));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), channels, in.get(2), in.get(3))};
    }
}
