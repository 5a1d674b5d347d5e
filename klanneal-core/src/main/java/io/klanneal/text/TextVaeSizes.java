package io.klanneal.text;


/**
 * The shape of a {@link TextVae}; saved with the model so that it can be rebuilt.
 *
 * @param vocabulary tokens in the vocabulary, markers included
 * @param embedding word embedding size
 * @param hidden LSTM state size of encoder and decoder
 * @param latent latent size
 * @param decoderDropout dropout on the decoder's inputs and outputs, in training only
 * @param wordDropout probability of replacing a decoder input word by {@code <unk>}, in training only
 * @param meanNormGamma BN-VAE's scale of the normalised posterior means ({@link
 *     io.klanneal.model.PosteriorMeanNorm}), 0 for none
 */
public record TextVaeSizes(
        int vocabulary,
        int embedding,
        int hidden,
        int latent,
        float decoderDropout,
        float wordDropout,
        float meanNormGamma) {

    public TextVaeSizes {
        if (vocabulary < 5 || embedding < 1 || hidden < 1 || latent < 1) {
            throw new IllegalArgumentException(
                    "text VAE sizes must be positive (vocabulary > 4), got vocabulary=" + vocabulary
                            + " embedding=" + embedding + " hidden=" + hidden + " latent=" + latent);
        }
        if (!(decoderDropout >= 0 && decoderDropout < 1)) {
            throw new IllegalArgumentException(
                    "decoder dropout must be in [0, 1), got " + decoderDropout);
        }
        if (!(wordDropout >= 0 && wordDropout <= 1)) {
            throw new IllegalArgumentException("word dropout must be in [0, 1], got " + wordDropout);
        }
        if (!(meanNormGamma >= 0)) {
            throw new IllegalArgumentException("BN-VAE's gamma must be at least 0 (0: off), got " + meanNormGamma);
        }
    }

    /** Sizes without BN-VAE's normalisation of the means. */
    public TextVaeSizes(int vocabulary, int embedding, int hidden, int latent, float decoderDropout, float wordDropout) {
        this(vocabulary, embedding, hidden, latent, decoderDropout, wordDropout, 0f);
    }
}
