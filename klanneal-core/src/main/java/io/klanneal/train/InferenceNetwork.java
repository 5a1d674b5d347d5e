package io.klanneal.train;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;

/**
 * A model that names its inference network, so that it can be trained aggressively ({@link
 * AggressiveInference}): the encoder is updated alone before each decoder update.
 */
public interface InferenceNetwork {

    /**
     * Returns the parameters that compute the posterior and nothing else; a parameter the decoder
     * shares (a word embedding) is not one.
     *
     * @return the encoder's parameters
     */
    List<Parameter> inferenceNetwork();

    /**
     * Returns the parameters of some blocks, for an {@link #inferenceNetwork()} made of them.
     *
     * @param parts the blocks; nulls (parts a model leaves out) are skipped
     * @return their parameters, in order
     */
    static List<Parameter> parametersOf(Block... parts) {
        List<Parameter> parameters = new ArrayList<>();
        for (Block part : parts) {
            if (part != null) {
                parameters.addAll(part.getParameters().values());
            }
        }
        return parameters;
    }
}
