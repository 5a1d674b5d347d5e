package io.klanneal.text;

import io.klanneal.config.OptionDefault;
import io.klanneal.config.OptionGroup;
import io.klanneal.config.OptionType;
import io.klanneal.config.TrainOption;
import java.util.List;

/** The text model's own options: how sentences become a vocabulary, and the decoder's sizes and dropouts. */
public final class TextOptions {

    public static final TrainOption<Double> HOLDOUT =
            TrainOption.builder("holdout", OptionType.NUMBER)
                    .setDescription("Share of a single text file held out for validation (seeded).")
                    .setDefault(OptionDefault.of(0.1))
                    .optPerModel()
                    .optRange(v -> v > 0 && v < 1, "in (0, 1)")
                    .build();

    public static final TrainOption<Integer> MAX_VOCAB =
            TrainOption.builder("max-vocab", OptionType.INTEGER)
                    .setDescription("Most vocabulary entries, markers included (0: all).")
                    .setDefault(OptionDefault.of(0))
                    .optPerModel()
                    .optRange(v -> v == 0 || v >= 5, "0 (no limit) or at least 5")
                    .build();

    public static final TrainOption<Integer> MIN_COUNT =
            TrainOption.builder("min-count", OptionType.INTEGER)
                    .setDescription("Rarer words become <unk>.")
                    .setDefault(OptionDefault.of(1))
                    .optPerModel()
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    // One very long line pads every sentence of its batch to its length: 100,000 words asked ~55 GB.
    public static final TrainOption<Integer> MAX_LENGTH =
            TrainOption.builder("max-length", OptionType.INTEGER)
                    .setDescription("Sentences longer than N words are left out of training and"
                            + " validation, counted in the log and in run.json.")
                    .setDefault(OptionDefault.of(200))
                    .optPerModel()
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<Integer> EMBEDDING =
            TrainOption.builder("embedding", OptionType.INTEGER)
                    .setDescription("Word embedding size.")
                    .setDefault(OptionDefault.of(256))
                    .optPerModel()
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<Double> DECODER_DROPOUT =
            TrainOption.builder("decoder-dropout", OptionType.NUMBER)
                    .setDescription("Dropout on the decoder's inputs and outputs, training only.")
                    .setDefault(OptionDefault.of(0.5))
                    .optPerModel()
                    .optRange(v -> v >= 0 && v < 1, "in [0, 1)")
                    .build();

    public static final TrainOption<Double> WORD_DROPOUT =
            TrainOption.builder("word-dropout", OptionType.NUMBER)
                    .setDescription("Probability of replacing a decoder input word by <unk>, training only.")
                    .setDefault(OptionDefault.of(0.0))
                    .optPerModel()
                    .optRange(v -> v >= 0 && v <= 1, "in [0, 1]")
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup(
                    "Text model",
                    List.of(HOLDOUT, MAX_VOCAB, MIN_COUNT, MAX_LENGTH, EMBEDDING, DECODER_DROPOUT, WORD_DROPOUT));

    private TextOptions() {}
}
