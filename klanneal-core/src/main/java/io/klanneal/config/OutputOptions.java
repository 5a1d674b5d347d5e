package io.klanneal.config;

import java.util.List;

/** What a run shows and saves while it trains. */
public final class OutputOptions {

    public static final Option<Boolean> PROGRESS =
            Option.builder("progress", OptionType.BOOLEAN)
                    .setDescription("Draw the progress bar (--no-progress: don't).")
                    .setDefault(OptionDefault.of(true))
                    .build();

    // Every epoch's checkpoint plus one every 10 minutes costs well under 1% of training time
    // (docs/benchmarks.md) and loses at most 10 minutes to a kill.
    public static final Option<CheckpointInterval> CHECKPOINT_EVERY =
            Option.builder(
                            "checkpoint-every",
                            OptionType.parsed("STEPS|TIME", CheckpointInterval::parse, CheckpointInterval::toString))
                    .setDescription(
                            "Also checkpoint between epochs: every STEPS optimizer steps (500), every"
                                    + " TIME (10m, 30s, 2h), both (500,10m), or 0 (after epochs only).")
                    .setDefault(OptionDefault.of(CheckpointInterval.parse("10m")))
                    .build();

    public static final Option<Integer> KEEP_CHECKPOINTS =
            Option.builder("keep-checkpoints", OptionType.INTEGER)
                    .setDescription("Checkpoints kept in checkpoints/ for --resume; older ones are deleted.")
                    .setDefault(OptionDefault.of(2))
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup("Output", List.of(PROGRESS, CHECKPOINT_EVERY, KEEP_CHECKPOINTS));

    private OutputOptions() {}
}
