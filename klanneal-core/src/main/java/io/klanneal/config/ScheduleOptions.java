package io.klanneal.config;

import java.util.List;

/** The KL term over training: beta's schedule, free bits, and pretraining as an autoencoder. */
public final class ScheduleOptions {

    public static final TrainOption<NamedSchedule> SCHEDULE =
            TrainOption.builder(
                            "schedule",
                            OptionType.parsed("SPEC", NamedSchedule::parse, NamedSchedule::description))
                    .setDescription("Beta schedule spec, e.g. constant:beta=1, monotonic:ratio=0.5,"
                            + " cyclical:cycles=4,ratio=0.5,shape=cosine, control:target=3 (a PI"
                            + " controller on the measured KL), or parts joined as 'monotonic then@2e"
                            + " cyclical' (see `klanneal schedule --help`).")
                    .setDefault(OptionDefault.of(NamedSchedule.parse("cyclical:cycles=4,ratio=0.5")))
                    .build();

    public static final TrainOption<Double> FREE_BITS =
            TrainOption.builder("free-bits", OptionType.NUMBER)
                    .setDescription("Nats of KL per latent dimension (batch mean) that cost nothing and"
                            + " get no gradient toward the prior (Kingma et al. 2016; 0: off).")
                    .setDefault(OptionDefault.of(0.0))
                    .optRange(v -> v >= 0, "at least 0 (0: off)")
                    .build();

    public static final TrainOption<Integer> PRETRAIN_EPOCHS =
            TrainOption.builder("pretrain-epochs", OptionType.INTEGER)
                    .setDescription("Epochs at beta = 0 (an autoencoder) before the schedule starts,"
                            + " added to --epochs.")
                    .setDefault(OptionDefault.of(0))
                    .optRange(v -> v >= 0, "at least 0")
                    .build();

    public static final TrainOption<Boolean> RESET_DECODER =
            TrainOption.builder("reset-decoder", OptionType.BOOLEAN)
                    .setDescription("Start the decoder afresh after --pretrain-epochs (Li et al. 2019).")
                    .setDefault(OptionDefault.of(false))
                    .optPerModel()
                    .build();

    public static final TrainOption<Integer> AGGRESSIVE =
            TrainOption.builder("aggressive", OptionType.INTEGER)
                    .setDescription("Aggressive inference training (He et al. 2019): before each step, up to"
                            + " this many updates of the encoder alone, until its loss stops falling; on while"
                            + " the held-out MI rises from epoch to epoch (0: off; the paper's loop: 99).")
                    .setDefault(OptionDefault.of(0))
                    .optPerModel()
                    .optRange(v -> v >= 0, "at least 0 (0: off)")
                    .optAddedLater(0)
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup(
                    "Schedule and KL", List.of(SCHEDULE, FREE_BITS, PRETRAIN_EPOCHS, RESET_DECODER, AGGRESSIVE));

    private ScheduleOptions() {}
}
