package io.klanneal.model;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.training.initializer.UniformInitializer;

/**
 * How a model's parameters start. The choice matters for the text VAE: PyTorch's defaults give
 * word embeddings 11 times larger and recurrent and output weights 2.4 times smaller than DJL's
 * defaults (E = H = 256); see {@code docs/text-experiments.md} for what that does to training.
 */
public enum Initialization {
    /**
     * DJL's defaults: every weight, the word embedding included, N(0, 2 / fan_in) (DJL's {@code
     * XavierInitializer} is Gaussian with factor "in" and magnitude 2, i.e. He initialisation);
     * zero biases.
     */
    DJL,
    /**
     * PyTorch's defaults: linear and LSTM weights and biases U(-1/sqrt(fan_in), 1/sqrt(fan_in))
     * (for an LSTM, fan_in is its state size), word embeddings N(0, 1).
     */
    PYTORCH;

    /**
     * Sets the initializers of a linear or recurrent block.
     *
     * @param block the block, before it is initialized
     * @param fanIn its input size (a recurrent block: its state size)
     */
    public void dense(Block block, long fanIn) {
        if (this == PYTORCH) {
            block.setInitializer(new UniformInitializer((float) (1 / Math.sqrt(fanIn))), p -> true);
        }
    }

    /** Sets the initializer of a word embedding. */
    public void embedding(Parameter weight) {
        if (this == PYTORCH) {
            weight.setInitializer(new NormalInitializer(1f));
        }
    }
}
