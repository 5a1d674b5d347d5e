package io.klanneal.config;

import java.util.List;

/** What a run shows and saves while it trains. */
public final class OutputOptions {

    public static final TrainOption<Boolean> PROGRESS =
            TrainOption.builder("progress", OptionType.BOOLEAN)
                    .setDescription("Draw the progress bar (--no-progress: don't).")
                    .setDefault(OptionDefault.of(true))
                    .optResumable()
                    .build();

    // Every epoch's checkpoint plus one every 10 minutes costs well under 1% of training time
    // (docs/benchmarks.md) and loses at most 10 minutes to a kill.
    public static final TrainOption<CheckpointInterval> CHECKPOINT_EVERY =
            TrainOption.builder(
                            "checkpoint-every",
                            OptionType.parsed("STEPS|TIME", CheckpointInterval::parse, CheckpointInterval::toString))
                    .setDescription(
                            "Also checkpoint between epochs: every STEPS optimizer steps (500), every"
                                    + " TIME (10m, 30s, 2h), both (500,10m), or 0 (after epochs only).")
                    .setDefault(OptionDefault.of(CheckpointInterval.parse("10m")))
                    .optResumable()
                    .build();

    public static final TrainOption<Integer> KEEP_CHECKPOINTS =
            TrainOption.builder("keep-checkpoints", OptionType.INTEGER)
                    .setDescription("Checkpoints kept in checkpoints/ for --resume; older ones are deleted.")
                    .setDefault(OptionDefault.of(2))
                    .optRange(v -> v >= 1, "at least 1")
                    .optResumable()
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup("Output", List.of(PROGRESS, CHECKPOINT_EVERY, KEEP_CHECKPOINTS));

    private OutputOptions() {}
}
