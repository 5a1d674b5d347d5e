package io.klanneal.train;

import ai.djl.nn.Parameter;
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
}
