package io.klanneal.config;

import java.util.List;

/** The KL weight beta over training. */
public final class ScheduleOptions {

    public static final Option<NamedSchedule> SCHEDULE =
            Option.builder(
                            "schedule",
                            OptionType.parsed("SPEC", NamedSchedule::parse, NamedSchedule::description))
                    .setDescription("Beta schedule spec, e.g. constant:beta=1, monotonic:ratio=0.5,"
                            + " cyclical:cycles=4,ratio=0.5,shape=cosine (see `klanneal schedule --help`).")
                    .setDefault(OptionDefault.of(NamedSchedule.parse("cyclical:cycles=4,ratio=0.5")))
                    .build();

    static final OptionGroup GROUP = new OptionGroup("Schedule", List.of(SCHEDULE));

    private ScheduleOptions() {}
}
