package io.klanneal.config;

import java.util.List;

/** What is measured after each epoch, and how the kept model is chosen. */
public final class EvaluationOptions {

    /** Which checkpoints a run keeps. */
    public enum Keep {
        /** The parameters after the last epoch, in {@code model/}. */
        LAST,
        /** Also the parameters with the best validation ELBO among the settled epochs, in {@code model-best/}. */
        BEST
    }

    public static final TrainOption<Integer> IW_SAMPLES =
            TrainOption.builder("iw-samples", OptionType.INTEGER)
                    .setDescription("K of the importance-weighted NLL after each epoch (0: off).")
                    .setDefault(OptionDefault.of(10))
                    .optPerModel()
                    .optRange(v -> v >= 0, "at least 0 (0: off)")
                    .build();

    public static final TrainOption<Keep> KEEP =
            TrainOption.builder("keep", OptionType.choice(Keep.class))
                    .setDescription("last, or best: also keep the parameters with the best validation"
                            + " ELBO among settled epochs in model-best/.")
                    .setDefault(OptionDefault.of(Keep.LAST))
                    .build();

    public static final TrainOption<Integer> EARLY_STOP =
            TrainOption.builder("early-stop", OptionType.INTEGER)
                    .setDescription("Stop after this many settled epochs without a better validation"
                            + " ELBO (0: never). Settled: after the ramps; for cyclical, only cycle ends.")
                    .setDefault(OptionDefault.of(0))
                    .optRange(v -> v >= 0, "at least 0 (0: never)")
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup("Evaluation and model choice", List.of(IW_SAMPLES, KEEP, EARLY_STOP));

    private EvaluationOptions() {}
}
