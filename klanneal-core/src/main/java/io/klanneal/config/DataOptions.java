package io.klanneal.config;

/** What a run trains on. */
public final class DataOptions {

    public static final TrainOption<ModelKind> MODEL =
            TrainOption.builder("model", OptionType.choice(ModelKind.class))
                    .setDescription("dense (images) or text (LSTM over sentences).")
                    .setDefault(OptionDefault.of(ModelKind.DENSE))
                    .build();

    public static final TrainOption<String> DATA =
            TrainOption.builder("data", OptionType.TEXT)
                    .setDescription("dense: generated (built in, seeded), fashion-mnist (Debian's"
                            + " dataset-fashion-mnist) or idx:DIR (any MNIST-format directory);"
                            + " text: toy (10 sequences, 2-D latent) or text:TRAIN[,VALID].")
                    .setDefault(OptionDefault.byModel("generated", "toy"))
                    .optRange(v -> !v.isBlank(), "a data source")
                    .build();

    public static final TrainOption<Double> HOLDOUT =
            TrainOption.builder("holdout", OptionType.NUMBER)
                    .setDescription("Share of a single text file held out for validation (seeded).")
                    .setDefault(OptionDefault.of(0.1))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v > 0 && v < 1, "in (0, 1)")
                    .build();

    public static final TrainOption<Integer> MAX_VOCAB =
            TrainOption.builder("max-vocab", OptionType.INTEGER)
                    .setDescription("Most vocabulary entries, markers included (0: all).")
                    .setDefault(OptionDefault.of(0))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v == 0 || v >= 5, "0 (no limit) or at least 5")
                    .build();

    public static final TrainOption<Integer> MIN_COUNT =
            TrainOption.builder("min-count", OptionType.INTEGER)
                    .setDescription("Rarer words become <unk>.")
                    .setDefault(OptionDefault.of(1))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    // One very long line pads every sentence of its batch to its length: 100,000 words asked ~55 GB.
    public static final TrainOption<Integer> MAX_LENGTH =
            TrainOption.builder("max-length", OptionType.INTEGER)
                    .setDescription("Sentences longer than N words are left out of training and"
                            + " validation, counted in the log and in run.json.")
                    .setDefault(OptionDefault.of(200))
                    .optModels(ModelKind.TEXT)
                    .optRange(v -> v >= 1, "at least 1")
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
                    java.util.List.of(MODEL, DATA, HOLDOUT, MAX_VOCAB, MIN_COUNT, MAX_LENGTH, TRAIN_LIMIT, DATA_SEED));

    private DataOptions() {}
}
