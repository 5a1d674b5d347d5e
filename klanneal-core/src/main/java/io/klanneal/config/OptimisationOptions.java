package io.klanneal.config;

import io.klanneal.schedule.LearningRateSchedule;
import io.klanneal.train.OptimizerChoice;
import java.util.List;

/** How the optimizer runs. */
public final class OptimisationOptions {

    public static final TrainOption<Integer> EPOCHS =
            TrainOption.builder("epochs", OptionType.INTEGER)
                    .setDescription("Passes over the training data.")
                    // The toy's decoder needs ~30 epochs to memorise its sequences, and to collapse.
                    .setDefault(OptionDefault.of(10))
                    .optRange(v -> v >= 1, "at least 1")
                    .optResumable()
                    .build();

    public static final TrainOption<Integer> BATCH_SIZE =
            TrainOption.builder("batch-size", OptionType.INTEGER)
                    .setDescription("Examples per optimizer step.")
                    .setDefault(OptionDefault.of(128))
                    .optRange(v -> v >= 1, "at least 1")
                    .build();

    public static final TrainOption<OptimizerChoice> OPTIMIZER =
            TrainOption.builder("optimizer", OptionType.parsed("NAME", OptimizerChoice::parse, OptimizerChoice::toString))
                    .setDescription("adam, sgd or sgd:momentum=M (the SGD papers: --optimizer sgd --lr 1"
                            + " --lr-schedule plateau).")
                    .setDefault(OptionDefault.of(OptimizerChoice.ADAM))
                    .optAddedLater(OptimizerChoice.ADAM)
                    .build();

    public static final TrainOption<Double> LR =
            TrainOption.builder("lr", OptionType.NUMBER)
                    .setDescription("Base learning rate of the optimizer; --lr-schedule moves it.")
                    .setDefault(OptionDefault.of(1e-3))
                    .optRange(v -> v > 0, "greater than 0")
                    .build();

    public static final TrainOption<LearningRateSchedule> LR_SCHEDULE =
            TrainOption.builder(
                            "lr-schedule",
                            OptionType.parsed("SPEC", LearningRateSchedule::parse, LearningRateSchedule::toString))
                    .setDescription("Learning-rate schedule: constant, warmup:length=2e, cosine:min=0"
                            + " (restart=cycle: on each beta cycle), step:every=2e,factor=0.5 or"
                            + " plateau:factor=0.5,patience=5,decays=5 (on the held-out loss).")
                    .setDefault(OptionDefault.of(LearningRateSchedule.CONSTANT))
                    .optAddedLater(LearningRateSchedule.CONSTANT)
                    .build();

    public static final TrainOption<Double> GRAD_CLIP =
            TrainOption.builder("grad-clip", OptionType.NUMBER)
                    .setDescription("Clip the global gradient norm (0: off).")
                    .setDefault(OptionDefault.of(0.0))
                    .optRange(v -> v >= 0, "at least 0 (0: off)")
                    .build();

    public static final TrainOption<Long> SEED =
            TrainOption.builder("seed", OptionType.LONG)
                    .setDescription("Every random stream of the run derives from it (all 64 bits).")
                    .setDefault(OptionDefault.of(42L))
                    .build();

    public static final TrainOption<String> DEVICE =
            TrainOption.builder("device", OptionType.TEXT)
                    .setDescription("cpu, gpu or gpuN.")
                    .setDefault(OptionDefault.none("DJL's default (a GPU when the CUDA engine finds one)"))
                    .optRange(v -> v.matches("cpu|gpu[0-9]*"), "cpu, gpu or gpuN")
                    .build();

    // The engine's multi-threaded kernels (oneDNN's LSTM, its GEMMs) may split sums differently
    // between runs on some CPUs; one thread makes a run repeat bit for bit (README, "Repeatability").
    public static final TrainOption<Integer> THREADS =
            TrainOption.builder("threads", OptionType.INTEGER)
                    .setDescription(
                            "Intra-op threads of the engine; 1 repeats a run bit for bit.")
                    .setDefault(OptionDefault.none("the engine's (one per core)"))
                    .optRange(v -> v >= 1, "at least 1")
                    .optResumable()
                    .build();

    static final OptionGroup GROUP =
            new OptionGroup(
                    "Optimisation",
                    List.of(EPOCHS, BATCH_SIZE, OPTIMIZER, LR, LR_SCHEDULE, GRAD_CLIP, SEED, DEVICE, THREADS));

    private OptimisationOptions() {}
}
