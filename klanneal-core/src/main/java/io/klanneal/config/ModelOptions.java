package io.klanneal.config;

import io.klanneal.model.Initialization;
import io.klanneal.train.LikelihoodSpec;
import java.util.List;

/** The model's sizes, regularisation and likelihood. */
public final class ModelOptions {

    public static final TrainOption<Integer> HIDDEN =
            TrainOption.builder("hidden", OptionType.INTEGER)
                    .setDescription("Hidden layer (dense) or LSTM state (text) size.")
                    .setDefault(OptionDefault.of(512))
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<Integer> LATENT =
            TrainOption.builder("latent", OptionType.INTEGER)
                    .setDescription("Latent dimensions.")
                    .setDefault(OptionDefault.of(32))
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<LikelihoodSpec> LIKELIHOOD =
            TrainOption.builder(
                            "likelihood",
                            OptionType.parsed("SPEC", LikelihoodSpec::parse, LikelihoodSpec::toString))
                    .setDescription("The decoder's distribution over the data: bernoulli, gaussian:sigma=X or"
                            + " gaussian:learned for images, categorical for tokens; each model kind"
                            + " takes those that fit its data.")
                    .setDefault(OptionDefault.of(LikelihoodSpec.parse("bernoulli")))
                    .build();

    public static final TrainOption<Initialization> INIT =
            TrainOption.builder("init", OptionType.choice(Initialization.class))
                    .setDescription("How parameters start: djl (DJL's default: weights N(0, 2/fan_in), embeddings"
                            + " included, zero biases)"
                            + " or pytorch (linear and LSTM U(+-1/sqrt(fan_in)), embeddings N(0, 1)).")
                    .setDefault(OptionDefault.of(Initialization.DJL))
                    .build();

    public static final TrainOption<Double> BN_GAMMA =
            TrainOption.builder("bn-gamma", OptionType.NUMBER)
                    .setDescription("BN-VAE (Zhu et al. 2020): batch-normalise the posterior means with this"
                            + " fixed scale and a learned shift, which keeps the KL of each latent dimension"
                            + " at least gamma^2/2 on average (0: off).")
                    .setDefault(OptionDefault.of(0.0))
                    .optPerModel()
                    .optRange(v -> v >= 0, "at least 0 (0: off)")
                    .optAddedLater(0.0)
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup(
                    "Model",
                    List.of(HIDDEN, LATENT, LIKELIHOOD, INIT, BN_GAMMA));

    private ModelOptions() {}
}
