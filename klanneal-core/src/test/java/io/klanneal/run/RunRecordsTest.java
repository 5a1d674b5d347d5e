package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.util.Pair;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.dense.DenseRecipe;
import io.klanneal.dense.DenseVae;
import io.klanneal.text.TextOptions;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.LikelihoodSpec;
import io.klanneal.train.TrainingDivergedException;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a run records besides its metrics: run.json, config.json, kl_per_dim.csv, model-best/. */
class RunRecordsTest {

    @TempDir Path dir;

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    private static List<String[]> csv(Path file) throws IOException {
        return Files.readAllLines(file).stream().map(line -> line.split(",", -1)).toList();
    }

    private static int column(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new AssertionError("no column " + name);
    }

    @Test
    void validationReportsTheElboAtBetaOneWhileTrainingAtBetaPointOne() throws Exception {
        Path out = dir.resolve("run");
        TrainingHistory history = TrainRun.run(SmallRuns.dense(out).set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("constant:beta=0.1")).build());
        for (EpochSummary e : history.epochs()) {
            EpochSummary.MeanTerms v = e.validation();
            assertEquals(0.1f, e.lastBeta());
            assertEquals(v.reconstruction() + v.kl(), v.elbo(), 1e-9, "ELBO at beta = 1");
            assertEquals(v.reconstruction() + 0.1 * v.kl(), v.loss(), 1e-3, "loss at beta = 0.1");
            assertTrue(v.elbo() - v.loss() > 0.5 * v.kl(), "the two differ by 0.9 KL");
        }
        List<String[]> rows = csv(out.resolve("metrics.csv"));
        String[] last = rows.get(rows.size() - 1);
        double elbo = Double.parseDouble(last[column(rows.get(0), "validation_elbo")]);
        double loss = Double.parseDouble(last[column(rows.get(0), "validation_loss")]);
        double kl = Double.parseDouble(last[column(rows.get(0), "validation_kl")]);
        assertEquals(0.9 * kl, elbo - loss, 1e-3 * elbo, "metrics.csv holds both");
    }

    @Test
    void perDimensionKlsSumToTheValidationKlOfEveryEpoch() throws Exception {
        Path out = dir.resolve("run");
        TrainRun.run(SmallRuns.dense(out).build());
        List<String[]> perDim = csv(out.resolve("kl_per_dim.csv"));
        assertEquals("epoch,kl_total,z0,z1,z2,z3", String.join(",", perDim.get(0)));
        List<String[]> metrics = csv(out.resolve("metrics.csv"));
        int validationKl = column(metrics.get(0), "validation_kl");
        for (int epoch = 1; epoch <= 2; epoch++) {
            String[] row = perDim.get(epoch);
            double sum = 0;
            for (int d = 2; d < row.length; d++) {
                assertTrue(Double.parseDouble(row[d]) >= 0, "a KL is never negative");
                sum += Double.parseDouble(row[d]);
            }
            double total = Double.parseDouble(metrics.get(epoch)[validationKl]);
            assertEquals(total, Double.parseDouble(row[1]), 1e-5 * total);
            assertEquals(total, sum, 1e-4 * total, "epoch " + epoch);
        }
        byte[] png = Files.readAllBytes(out.resolve("kl_per_dim.png"));
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N');
    }

    @Test
    void learnedGaussianReportsItsSigmaAndBitsPerDimension() throws Exception {
        Path out = dir.resolve("run");
        TrainingHistory history =
                TrainRun.run(SmallRuns.dense(out).set(ModelOptions.LIKELIHOOD, LikelihoodSpec.parse("gaussian:learned")).build());
        Map<String, Double> last = history.diagnostics(1);
        double sigma = last.get("decoder_sigma");
        assertTrue(Math.abs(sigma - 1) > 1e-4, "sigma starts at 1 and is learned, got " + sigma);
        double elbo = history.epochs().get(1).validation().elbo();
        assertEquals(elbo / (784 * Math.log(2)), last.get("validation_bits_per_dim"), 1e-9);
        String header = Files.readAllLines(out.resolve("metrics.csv")).get(0);
        assertTrue(header.endsWith(",validation_bits_per_dim,decoder_sigma,collapsed"), header);
    }

    @Test
    void textModelRefusesAnImageLikelihood() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> SmallRuns.dense(dir.resolve("t"))
                                .set(DataOptions.MODEL, "text")
                                .set(ModelOptions.LIKELIHOOD, LikelihoodSpec.parse("gaussian:sigma=1"))
                                .build());
        assertTrue(e.getMessage().contains("does not fit the text model"), e.getMessage());
    }

    @Test
    void sentencesLongerThanTheMaximumAreLeftOutAndCountedInRunJson() throws Exception {
        // 60 sentences of 3-8 words, and one of 40: a batch holding it would be padded to 40.
        Path corpus = SmallRuns.corpus(dir.resolve("corpus.txt"), 5, 60, 20, 3, 8);
        Files.writeString(corpus, "w1 ".repeat(40).strip() + "\n", java.nio.file.StandardOpenOption.APPEND);
        Path run = dir.resolve("long");
        TrainRun.run(TrainConfig.builder()
                .setOut(run)
                .set(DataOptions.MODEL, "text")
                .set(DataOptions.DATA, "text:" + corpus)
                .set(TextOptions.MAX_LENGTH, 10)
                .set(OptimisationOptions.EPOCHS, 1)
                .set(TextOptions.EMBEDDING, 8)
                .set(ModelOptions.HIDDEN, 8)
                .set(ModelOptions.LATENT, 2)
                .set(OutputOptions.PROGRESS, false)
                .build());
        // (Two steps of training also draw the schedule's guard-rail warnings.)
        List<String> warnings = new java.util.ArrayList<>();
        json(run.resolve("run.json")).get("warnings").forEach(w -> warnings.add(w.asText()));
        List<String> aboutSentences = warnings.stream().filter(w -> w.contains("sentence")).toList();
        assertEquals(1, aboutSentences.size(), warnings.toString());
        assertTrue(aboutSentences.get(0).matches(
                "1 (training|held-out) sentence longer than 10 words \\(the longest has 40\\) left out;"
                        + " --max-length sets the limit"), warnings.toString());
        assertTrue(Files.readAllLines(run.resolve("validation.txt")).stream().allMatch(l -> l.split(" ").length <= 10));
    }

    @Test
    void scheduleWarningsAreRecordedInRunJsonAndSoundSchedulesHaveNone() throws Exception {
        Path warned = dir.resolve("warned");
        TrainRun.run(SmallRuns.dense(warned).set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("monotonic:ramp_steps=50")).build());
        JsonNode warnings = json(warned.resolve("run.json")).get("warnings");
        assertEquals(2, warnings.size(), warnings.toString());
        assertTrue(warnings.get(0).asText().contains("the ramp is 50 steps long but training has only 20"), warnings.toString());

        Path sound = dir.resolve("sound");
        TrainRun.run(SmallRuns.dense(sound).set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("cyclical:cycles=2,ratio=0.5")).build());
        JsonNode status = json(sound.resolve("run.json"));
        assertEquals(0, status.get("warnings").size());
        assertEquals("finished", status.get("status").asText());
        assertEquals("[1,2]", status.get("settled_epochs").toString());
    }

    @Test
    void divergenceNamesTheStepAndTheLastGoodCheckpointAndKeepsEarlierFiles() throws Exception {
        Path out = dir.resolve("run");
        // A NaN gradient at step 12 turns the parameters into NaN, so step 13's loss is NaN.
        TrainConfig config = SmallRuns.dense(out).set(OptimisationOptions.EPOCHS, 3).addTrainingListeners(new NanGradientAt(12)).build();
        TrainingDivergedException e =
                assertThrows(TrainingDivergedException.class, () -> TrainRun.run(config));
        assertEquals(13, e.step());
        Path checkpoint = out.resolve("model/dense-vae-0000.params");
        assertTrue(e.getMessage().contains("step 13"), e.getMessage());
        assertTrue(
                e.getMessage().contains("last good checkpoint is " + checkpoint + " (epoch 1)"),
                e.getMessage());

        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(2, metrics.size(), "header and the one finished epoch");
        assertEquals(11, Files.readAllLines(out.resolve("steps.csv")).size());
        JsonNode status = json(out.resolve("run.json"));
        assertEquals("diverged", status.get("status").asText());
        assertEquals(1, status.get("epochs_completed").asInt());
        assertTrue(status.get("error").asText().contains("step 13"));
        try (Model model = Model.newInstance(DenseRecipe.MODEL_NAME)) {
            model.setBlock(new DenseVae(784, 64, 4));
            model.load(out.resolve("model"));
            NDManager manager = model.getNDManager();
            NDList output =
                    model.getBlock()
                            .forward(
                                    new ParameterStore(manager, false),
                                    new NDList(manager.ones(new Shape(1, 784))),
                                    false);
            assertTrue(Float.isFinite(output.head().sum().getFloat()), "epoch 1's parameters load");
        }
        try (var left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")),
                    "no temporary files are left behind");
        }
    }

    @Test
    void keepBestKeepsTheBestSettledEpochBesidesTheLast() throws Exception {
        Path out = dir.resolve("run");
        TrainRun.run(
                SmallRuns.dense(out)
                        .set(OptimisationOptions.EPOCHS, 4)
                        .set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("cyclical:cycles=2,ratio=0.5"))
                        .set(EvaluationOptions.KEEP, EvaluationOptions.Keep.BEST)
                        .build());
        JsonNode status = json(out.resolve("run.json"));
        assertEquals("[2,4]", status.get("settled_epochs").toString());
        int best = status.get("best").get("epoch").asInt();
        assertTrue(best == 2 || best == 4, "best is a cycle end, got " + best);
        List<String[]> metrics = csv(out.resolve("metrics.csv"));
        int elbo = column(metrics.get(0), "validation_elbo");
        double expected =
                Math.min(Double.parseDouble(metrics.get(2)[elbo]), Double.parseDouble(metrics.get(4)[elbo]));
        assertEquals(expected, status.get("best").get("validation_elbo").asDouble(), 1e-4 * expected);
        assertTrue(Files.size(out.resolve("model-best/dense-vae-0000.params")) > 0);
        assertTrue(Files.size(out.resolve("model/dense-vae-0000.params")) > 0);
    }

    @Test
    void configJsonHoldsEveryOptionAndReadsBackToTheSameConfig() throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "the cat sat\nthe dog ran\na cat ran\na dog sat\nthe cat ran\n".repeat(4));
        Path out = dir.resolve("run");
        TrainConfig config =
                SmallRuns.dense(out)
                        .set(DataOptions.MODEL, "text")
                        .set(DataOptions.DATA, "text:" + corpus)
                        .set(OptimisationOptions.EPOCHS, 1)
                        .set(OptimisationOptions.BATCH_SIZE, 4)
                        .set(ModelOptions.HIDDEN, 16)
                        .set(TextOptions.EMBEDDING, 8)
                        .set(EvaluationOptions.IW_SAMPLES, 0)
                        .set(TextOptions.WORD_DROPOUT, 0.25)
                        .set(EvaluationOptions.EARLY_STOP, 3)
                        .build();
        TrainRun.run(config);
        JsonNode written = json(out.resolve("config.json"));
        JsonNode options = written.get("options");
        assertEquals(ModelRecipes.allOptions().size(), options.size(), "every option found applies to text and is recorded: " + options);
        assertEquals("categorical", options.get("likelihood").asText());
        assertEquals(5.0, options.get("grad-clip").asDouble(), "the text default is recorded");
        assertEquals(0.25, options.get("word-dropout").asDouble());
        JsonNode file = written.get("data_files").get(0);
        assertEquals(corpus.toAbsolutePath().toString(), file.get("path").asText());
        assertEquals(RunConfigFile.sha256(corpus), file.get("sha256").asText());
        assertEquals(64, file.get("sha256").asText().length());
        assertEquals("0.36.0", written.get("versions").get("djl").asText());
        assertEquals("PyTorch", written.get("versions").get("engine").asText());
        assertTrue(written.get("versions").get("klanneal").asText().matches("\\d+\\.\\d+\\.\\d+.*"));

        TrainConfig again =
                RunConfigFile.read(out.resolve("config.json"), Set.of()).setOut(dir.resolve("again")).build();
        assertEquals(config.get(ScheduleOptions.SCHEDULE).description(), again.get(ScheduleOptions.SCHEDULE).description());
        assertEquals(config.get(TextOptions.WORD_DROPOUT), again.get(TextOptions.WORD_DROPOUT));
        assertEquals(config.get(EvaluationOptions.EARLY_STOP), again.get(EvaluationOptions.EARLY_STOP));
        assertEquals(config.get(OptimisationOptions.GRAD_CLIP), again.get(OptimisationOptions.GRAD_CLIP));
        assertEquals(config.get(ModelOptions.HIDDEN), again.get(ModelOptions.HIDDEN));
        assertEquals(config.get(OptimisationOptions.LR), again.get(OptimisationOptions.LR));

        Files.writeString(corpus, "a changed corpus\n", StandardOpenOption.APPEND);
        IOException changed = assertThrows(IOException.class, () -> TrainRun.run(again));
        assertTrue(changed.getMessage().contains(corpus.toAbsolutePath() + " has changed"),
                changed.getMessage());
        assertTrue(Files.notExists(dir.resolve("again")), "nothing is written for a refused run");
        TrainConfig overridden =
                RunConfigFile.read(out.resolve("config.json"), Set.of())
                        .setOut(dir.resolve("new-data"))
                        .set(DataOptions.DATA, "text:" + corpus)
                        .build();
        assertNotEquals(null, TrainRun.run(overridden), "--data accepts the data as it is now");
    }

    @Test
    void aConfigWithAnUnknownOrMistypedOptionIsRejectedByName() throws Exception {
        Path bad = dir.resolve("config.json");
        Files.writeString(bad, "{\"format\": \"klanneal-config/1\", \"options\": {\"epochz\": 3}}");
        IOException e = assertThrows(IOException.class, () -> RunConfigFile.read(bad, Set.of()));
        assertTrue(e.getMessage().contains("\"epochz\": unknown option"), e.getMessage());
        Files.writeString(bad, "{\"format\": \"klanneal-config/1\", \"options\": {\"epochs\": \"3\"}}");
        e = assertThrows(IOException.class, () -> RunConfigFile.read(bad, Set.of()));
        assertTrue(e.getMessage().contains("\"epochs\": expected a whole number"), e.getMessage());
        Files.writeString(bad, "{\"options\": {}}");
        e = assertThrows(IOException.class, () -> RunConfigFile.read(bad, Set.of()));
        assertTrue(e.getMessage().contains("is not a klanneal config"), e.getMessage());
    }

    /** Poisons every gradient of one step, as an exploding gradient would. */
    private static final class NanGradientAt extends TrainingListenerAdapter {
        private final long poisonedStep;
        private long step;

        NanGradientAt(long poisonedStep) {
            this.poisonedStep = poisonedStep;
        }

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            if (step++ == poisonedStep) {
                for (Pair<String, Parameter> p : trainer.getModel().getBlock().getParameters()) {
                    p.getValue().getArray().getGradient().muli(Float.NaN);
                }
            }
        }
    }
}
