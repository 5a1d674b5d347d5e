package io.klanneal.config;

import java.util.List;

/** What a run shows while it trains. */
public final class OutputOptions {

    public static final Option<Boolean> PROGRESS =
            Option.builder("progress", OptionType.BOOLEAN)
                    .setDescription("Draw the progress bar (--no-progress: don't).")
                    .setDefault(OptionDefault.of(true))
                    .build();

    static final OptionGroup GROUP = new OptionGroup("Output", List.of(PROGRESS));

    private OutputOptions() {}
}
