package io.klanneal.examples;

import io.klanneal.compare.Comparison;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.pixelcnn.PixelCnnRecipe;
import io.klanneal.run.TrainConfig;
import io.klanneal.run.TrainRun;
import io.klanneal.train.TrainingHistory;
import java.nio.file.Path;

/**
 * Trains a model kind of one's own (the PixelCNN VAE of klanneal-pixelcnn, found on the class
 * path) with a cyclical schedule, then compares constant beta = 1 with cyclical on it.
 */
public final class TrainYourOwnModel {

    public static void main(String[] args) throws Exception {
        Path runs = Path.of(args.length > 0 ? args[0] : "runs/own-model");
        int examples = args.length > 1 ? Integer.parseInt(args[1]) : 2000;

        TrainingHistory history = TrainRun.run(TrainConfig.builder()
                .setOut(runs.resolve("cyclical"))
                .set(DataOptions.MODEL, "pixelcnn")
                .set(PixelCnnRecipe.LAYERS, 2)
                .set(DataOptions.TRAIN_LIMIT, examples)
                .set(OptimisationOptions.EPOCHS, 2)
                .set(EvaluationOptions.IW_SAMPLES, 0) // the importance-weighted NLL takes longest
                .set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("cyclical:cycles=2"))
                .set(OutputOptions.PROGRESS, false)
                .build());
        System.out.printf("cyclical: %d steps%n", history.steps());

        Comparison.Result compared = Comparison.builder()
                .setOut(runs.resolve("compare"))
                .set(DataOptions.MODEL, "pixelcnn")
                .set(PixelCnnRecipe.LAYERS, 2)
                .set(DataOptions.TRAIN_LIMIT, examples)
                .set(OptimisationOptions.EPOCHS, 2)
                .set(EvaluationOptions.IW_SAMPLES, 0)
                .addSchedule("constant:beta=1")
                .addSchedule("cyclical:cycles=2")
                .optJobs(2)
                .build()
                .run();
        System.out.printf("compared: %d failed; report %s%n", compared.failed(), compared.report());
    }
}
