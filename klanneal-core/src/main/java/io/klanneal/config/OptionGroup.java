package io.klanneal.config;

import java.util.List;

/**
 * Options of one concern, shown together in help and in the README.
 *
 * @param heading the concern, e.g. "Data"
 * @param options the options, in the order help shows them
 */
public record OptionGroup(String heading, List<TrainOption<?>> options) {

    public OptionGroup {
        options = List.copyOf(options);
    }

    /** Every option, by concern, in the order help and the README show them. */
    public static List<OptionGroup> all() {
        return List.of(
                DataOptions.GROUP,
                ModelOptions.GROUP,
                OptimisationOptions.GROUP,
                ScheduleOptions.GROUP,
                EvaluationOptions.GROUP,
                OutputOptions.GROUP);
    }

    /** Every option, in help order. */
    public static List<TrainOption<?>> allOptions() {
        return all().stream().flatMap(g -> g.options().stream()).toList();
    }

    /**
     * Returns the option with this name.
     *
     * @param name the option's name (its config.json key)
     * @return the option
     * @throws IllegalArgumentException naming the known options when there is none
     */
    public static TrainOption<?> named(String name) {
        for (TrainOption<?> option : allOptions()) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        throw new IllegalArgumentException(
                "unknown option '" + name + "'; known options: "
                        + allOptions().stream().map(TrainOption::name).toList());
    }
}
