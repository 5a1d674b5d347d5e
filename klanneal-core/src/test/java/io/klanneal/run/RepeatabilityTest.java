package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.text.TextOptions;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same seed repeats a run bit for bit with {@code --threads 1} (with 2 threads the embedding's
 * gradient used to differ in the 7th digit; since it is the embedding op, 2-thread runs repeat on
 * this project's machine, but oneDNN's multi-threaded LSTM kernels differed once on another CPU);
 * a diagnostic setting changes only its own columns.
 */
@ExtendWith(RestoresEngineThreads.class)
class RepeatabilityTest {

    @TempDir Path dir;
    private Path corpus;

    @BeforeEach
    void writeCorpus() throws Exception {
        // Few words, many repeats: the case where gradient rows of one word are summed.
        corpus = SmallRuns.corpus(dir.resolve("corpus.txt"), 1, 160, 40, 10, 30);
    }

    private TrainConfig.Builder text(String name, long seed) {
        return TrainConfig.builder()
                .setOut(dir.resolve(name))
                .set(DataOptions.MODEL, "text")
                .set(DataOptions.DATA, "text:" + corpus)
                .set(OptimisationOptions.EPOCHS, 2)
                .set(OptimisationOptions.BATCH_SIZE, 32)
                .set(OptimisationOptions.SEED, seed)
                .set(OptimisationOptions.THREADS, 1)
                .set(TextOptions.EMBEDDING, 64)
                .set(ModelOptions.HIDDEN, 32)
                .set(ModelOptions.LATENT, 4)
                .set(TextOptions.WORD_DROPOUT, 0.3)
                .set(OutputOptions.PROGRESS, false);
    }

    private List<String> metrics(String run, String... dropped) throws Exception {
        return RunFiles.metrics(dir.resolve(run), dropped);
    }

    private String steps(String run) throws Exception {
        return RunFiles.text(dir.resolve(run), "steps.csv");
    }

    @Test
    void theSameSeedRepeatsATextRunBitForBit() throws Exception {
        TrainRun.run(text("a", 7).build());
        TrainRun.run(text("b", 7).build());
        assertEquals(steps("a"), steps("b"));
        assertEquals(metrics("a"), metrics("b"));
        assertEquals(
                1, new ObjectMapper().readTree(dir.resolve("a/config.json").toFile()).get("threads").asInt());
    }

    @Test
    void changingTheImportanceSamplesLeavesEveryTrainingNumberAsItWas() throws Exception {
        TrainRun.run(text("without", 7).set(EvaluationOptions.IW_SAMPLES, 0).build());
        TrainRun.run(text("with", 7).set(EvaluationOptions.IW_SAMPLES, 3).build());
        assertEquals(steps("without"), steps("with"));
        assertEquals(metrics("without"), metrics("with", "iw_nll", "iw_perplexity"));
    }

    @Test
    void seedsThatDifferOnlyInTheirUpperBitsGiveDifferentRuns() throws Exception {
        TrainRun.run(text("low", 7).set(OptimisationOptions.EPOCHS, 1).build());
        TrainRun.run(text("high", 7 + (1L << 33)).set(OptimisationOptions.EPOCHS, 1).build());
        assertNotEquals(steps("low"), steps("high"));
    }
}
