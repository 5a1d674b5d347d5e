package io.klanneal.run;

import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import java.nio.file.Path;

/** Configurations small enough for tests. */
final class SmallRuns {

    private SmallRuns() {}

    /** A dense run of 2 epochs on 640 generated images in batches of 64: 10 steps per epoch. */
    static TrainConfig.Builder dense(Path out) {
        return TrainConfig.builder()
                .setOut(out)
                .set(OptimisationOptions.EPOCHS, 2)
                .set(OptimisationOptions.BATCH_SIZE, 64)
                .set(ModelOptions.HIDDEN, 64)
                .set(ModelOptions.LATENT, 4)
                .set(DataOptions.TRAIN_LIMIT, 640)
                .set(OutputOptions.PROGRESS, false);
    }
}
