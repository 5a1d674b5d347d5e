package io.klanneal.config;

/** What a run trains on. */
public final class DataOptions {

    public static final TrainOption<String> MODEL =
            TrainOption.builder("model", OptionType.TEXT)
                    .setDescription("The model kind to train: dense (images), text (LSTM over sentences), or"
                            + " one a plugin adds (`klanneal models` lists them).")
                    .setDefault(OptionDefault.of("dense"))
                    .optRange(v -> v.matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), "a model kind's name (klanneal models lists them)")
                    .build();

    public static final TrainOption<String> DATA =
            TrainOption.builder("data", OptionType.TEXT)
                    .setDescription("What the model trains on; each model kind reads its own sources.")
                    .setDefault(OptionDefault.none("the model's built-in data"))
                    .optRange(v -> !v.isBlank(), "a data source")
                    .build();

    public static final TrainOption<Integer> TRAIN_LIMIT =
            TrainOption.builder("train-limit", OptionType.INTEGER)
                    .setDescription("Use only the first N training examples (0: all).")
                    .setDefault(OptionDefault.of(0))
                    .optRange(v -> v >= 0, "at least 0 (0: all)")
                    .build();

    // Apart from --seed so that runs with different seeds can share one data set and split.
    public static final TrainOption<Long> DATA_SEED =
            TrainOption.builder("data-seed", OptionType.LONG)
                    .setDescription("Seeds the generated data and the held-out split.")
                    .setDefault(OptionDefault.none("the value of --seed"))
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup(
                    "Data",
                    java.util.List.of(MODEL, DATA, TRAIN_LIMIT, DATA_SEED));

    private DataOptions() {}
}
