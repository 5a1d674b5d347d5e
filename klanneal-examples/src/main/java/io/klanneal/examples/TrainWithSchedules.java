package io.klanneal.examples;

import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.run.TrainConfig;
import io.klanneal.run.TrainRun;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.CyclicalSchedule;
import io.klanneal.schedule.Ramp;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.TrainingHistory;
import java.nio.file.Path;

/** Trains a dense VAE on the generated images with a cyclical schedule, then with a lambda. */
public final class TrainWithSchedules {

    public static void main(String[] args) throws Exception {
        Path runs = Path.of(args.length > 0 ? args[0] : "runs/java-api");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 0; // 0: all 6,000

        // Fu et al.'s schedule: 4 cycles, beta ramps (cosine) over the first half of each.
        CyclicalSchedule cyclical =
                CyclicalSchedule.builder().setCycles(4).optRatio(0.5).optRamp(Ramp.COSINE).build();
        // Any function of the training progress is a schedule: a warm-up over 100 steps.
        BetaSchedule warmUp = progress -> Math.min(1.0, progress.step() / 100.0);

        TrainingHistory a =
                TrainRun.run(config(runs.resolve("cyclical"), examples)
                        .set(ScheduleOptions.SCHEDULE, new NamedSchedule(cyclical, cyclical.toString()))
                        .build());
        TrainingHistory b =
                TrainRun.run(config(runs.resolve("warm-up"), examples)
                        .set(ScheduleOptions.SCHEDULE,
                                new NamedSchedule(warmUp, "linear warm-up over 100 steps"))
                        .build());
        print("cyclical", a);
        print("warm-up", b);
    }

    private static TrainConfig.Builder config(Path out, int examples) {
        return TrainConfig.builder()
                .setOut(out)
                .set(DataOptions.DATA, "generated")
                .set(ModelOptions.LIKELIHOOD, LikelihoodSpec.parse("bernoulli"))
                .set(OptimisationOptions.EPOCHS, 5)
                .set(DataOptions.TRAIN_LIMIT, examples)
                .set(EvaluationOptions.KEEP, EvaluationOptions.Keep.BEST)
                .set(OutputOptions.PROGRESS, false);
    }

    private static void print(String name, TrainingHistory history) {
        EpochSummary last = history.epochs().get(history.epochs().size() - 1);
        System.out.printf(
                "%s: %d steps, validation -ELBO %.2f nats (KL %.2f)%n",
                name, history.steps(), last.validation().elbo(), last.validation().kl());
    }
}
