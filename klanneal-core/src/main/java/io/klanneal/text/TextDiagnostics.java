package io.klanneal.text;

/**
 * The text VAE's diagnostics on a held-out set, all in nats, per sentence unless named otherwise.
 *
 * @param sentences sentences evaluated
 * @param tokens predicted tokens (words and end markers)
 * @param reconstruction mean -log p(x|z), one z per sentence
 * @param kl mean KL(q(z|x) || p(z))
 * @param activeUnits latent dimensions whose posterior mean varies by more than 0.01
 * @param mutualInformation I(x; z) estimated from the aggregate posterior (He et al. 2019)
 * @param iwSamples K of the importance-weighted estimate (0: not computed)
 * @param iwNll mean importance-weighted estimate of -log p(x) (NaN when K = 0)
 */
public record TextDiagnostics(
        int sentences,
        long tokens,
        double reconstruction,
        double kl,
        int activeUnits,
        double mutualInformation,
        int iwSamples,
        double iwNll) {

    /** Returns the negative ELBO per sentence, reconstruction + KL. */
    public double elbo() {
        return reconstruction + kl;
    }

    /** Returns exp(total -ELBO / predicted tokens). */
    public double perplexity() {
        return perplexity(elbo());
    }

    /** Returns exp(total importance-weighted NLL / predicted tokens). */
    public double iwPerplexity() {
        return perplexity(iwNll);
    }

    private double perplexity(double perSentence) {
        return Math.exp(perSentence * sentences / tokens);
    }
}
