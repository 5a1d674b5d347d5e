package io.klanneal.config;

import io.klanneal.model.Initialization;
import io.klanneal.train.LikelihoodSpec;
import java.util.List;

/** The model's sizes, regularisation and likelihood. */
public final class ModelOptions {

    public static final TrainOption<Integer> HIDDEN =
            TrainOption.builder("hidden", OptionType.INTEGER)
                    .setDescription("Hidden layer (dense) or LSTM state (text) size.")
                    .setDefault(OptionDefault.byModel(512, 256, 64))
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<Integer> LATENT =
            TrainOption.builder("latent", OptionType.INTEGER)
                    .setDescription("Latent dimensions.")
                    .setDefault(OptionDefault.byModel(32, 32, 2))
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<Integer> EMBEDDING =
            TrainOption.builder("embedding", OptionType.INTEGER)
                    .setDescription("Word embedding size.")
                    .setDefault(OptionDefault.byModel(256, 256, 64))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<Double> DECODER_DROPOUT =
            TrainOption.builder("decoder-dropout", OptionType.NUMBER)
                    .setDescription("Dropout on the decoder's inputs and outputs, training only.")
                    .setDefault(OptionDefault.of(0.5))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v >= 0 && v < 1, "in [0, 1)")
                    .build();

    public static final TrainOption<Double> WORD_DROPOUT =
            TrainOption.builder("word-dropout", OptionType.NUMBER)
                    .setDescription("Probability of replacing a decoder input word by <unk>, training only.")
                    // Without it the toy's decoder needs z for the first word only, and beta = 1
                    // leaves z unused under every schedule (docs/text-experiments.md).
                    .setDefault(OptionDefault.byModel(0.0, 0.0, 0.2))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v >= 0 && v <= 1, "in [0, 1]")
                    .build();

    public static final TrainOption<LikelihoodSpec> LIKELIHOOD =
            TrainOption.builder(
                            "likelihood",
                            OptionType.parsed("SPEC", LikelihoodSpec::parse, LikelihoodSpec::toString))
                    .setDescription("dense: bernoulli, gaussian:sigma=X or gaussian:learned;"
                            + " text: categorical.")
                    .setDefault(OptionDefault.byModel(
                            LikelihoodSpec.parse("bernoulli"), LikelihoodSpec.parse("categorical")))
                    .build();

    public static final TrainOption<Initialization> INIT =
            TrainOption.builder("init", OptionType.choice(Initialization.class))
                    .setDescription("How parameters start: djl (DJL's default: weights N(0, 2/fan_in), embeddings"
                            + " included, zero biases)"
                            + " or pytorch (linear and LSTM U(+-1/sqrt(fan_in)), embeddings N(0, 1)).")
                    .setDefault(OptionDefault.byModel(
                            Initialization.DJL, Initialization.PYTORCH, Initialization.DJL))
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup(
                    "Model",
                    List.of(HIDDEN, LATENT, EMBEDDING, DECODER_DROPOUT, WORD_DROPOUT, LIKELIHOOD, INIT));

    private ModelOptions() {}
}
