package io.klanneal.train;

import java.util.Locale;

/**
 * A likelihood written as text, as the CLI takes it: {@code bernoulli}, {@code gaussian:sigma=X},
 * {@code gaussian:learned} (dense model) or {@code categorical} (text model).
 *
 * @param name {@code bernoulli}, {@code gaussian} or {@code categorical}
 * @param sigma the fixed standard deviation of a Gaussian, NaN when learned or not Gaussian
 */
public record LikelihoodSpec(String name, double sigma) {

    /**
     * Parses a spec.
     *
     * @param spec the text
     * @return the parsed spec
     * @throws IllegalArgumentException naming what is wrong and what is allowed
     */
    public static LikelihoodSpec parse(String spec) {
        String text = spec == null ? "" : spec.trim().toLowerCase(Locale.ROOT);
        switch (text) {
            case "bernoulli":
            case "categorical":
                return new LikelihoodSpec(text, Double.NaN);
            case "gaussian:learned":
                return new LikelihoodSpec("gaussian", Double.NaN);
            default:
                break;
        }
        if (text.startsWith("gaussian:sigma=")) {
            String value = text.substring("gaussian:sigma=".length());
            double sigma;
            try {
                sigma = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw error(spec, "sigma must be a number, got '" + value + "'");
            }
            if (!(sigma > 0) || !Double.isFinite(sigma)) {
                throw error(spec, "sigma must be a finite number > 0, got " + value);
            }
            return new LikelihoodSpec("gaussian", sigma);
        }
        if (text.equals("gaussian")) {
            throw error(spec, "say which sigma: gaussian:sigma=X (fixed) or gaussian:learned");
        }
        throw error(
                spec,
                "unknown likelihood; expected bernoulli, gaussian:sigma=X or gaussian:learned"
                        + " (dense), or categorical (text)");
    }

    private static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException("likelihood '" + spec + "': " + problem);
    }

    /** Returns whether the model must learn the likelihood's scale. */
    public boolean learnedScale() {
        return name.equals("gaussian") && Double.isNaN(sigma);
    }

    /** Returns the likelihood this spec describes. */
    public Likelihood create() {
        switch (name) {
            case "bernoulli":
                return new BernoulliLikelihood();
            case "categorical":
                return new CategoricalLikelihood();
            default:
                return learnedScale() ? GaussianLikelihood.learned() : GaussianLikelihood.fixed(sigma);
        }
    }

    /** Returns the spec that {@link #parse} turns back into this one. */
    @Override
    public String toString() {
        if (!name.equals("gaussian")) {
            return name;
        }
        return learnedScale() ? "gaussian:learned" : "gaussian:sigma=" + sigma;
    }
}
