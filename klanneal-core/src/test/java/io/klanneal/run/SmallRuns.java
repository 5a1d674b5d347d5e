package io.klanneal.run;

import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Configurations small enough for tests. */
final class SmallRuns {

    private SmallRuns() {}

    /**
     * Writes a corpus of made-up sentences, one per line: {@code sentences} lines of words {@code
     * w0..w(vocabulary-1)}, each {@code minWords} to {@code maxWords} long.
     */
    static Path corpus(Path file, long seed, int sentences, int vocabulary, int minWords, int maxWords)
            throws IOException {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < sentences; i++) {
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < minWords + random.nextInt(maxWords - minWords + 1); w++) {
                line.append("w").append(random.nextInt(vocabulary)).append(' ');
            }
            lines.add(line.toString().strip());
        }
        return Files.write(file, lines);
    }

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
