package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.CheckpointInterval;
import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunDirectory;
import io.klanneal.report.StepFingerprints;
import io.klanneal.schedule.LearningRateSchedule;
import io.klanneal.text.TextOptions;
import io.klanneal.train.OptimizerChoice;
import io.klanneal.train.Stateful;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run continued from any checkpoint ends exactly as the run that never stopped (one engine
 * thread, so bit for bit): beta, every step, every metric, the parameters. An interruption is
 * simulated by continuing a copy of a finished run from one of its mid-epoch checkpoints; the
 * process-level kill is in the CLI's tests.
 */
@ExtendWith(RestoresEngineThreads.class)
class ResumeTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;
    private Path corpus;

    private Path path(String name) {
        return dir.resolve(name);
    }

    @BeforeEach
    void writeCorpus() throws IOException {
        corpus = SmallRuns.corpus(dir.resolve("corpus.txt"), 3, 200, 30, 5, 16);
    }

    // 180 training sentences in batches of 32: 6 steps per epoch; a checkpoint every 4 steps.
    private TrainConfig.Builder text(String name, String schedule) {
        return TrainConfig.builder()
                .setOut(path(name))
                .set(DataOptions.MODEL, "text")
                .set(DataOptions.DATA, "text:" + corpus)
                .set(OptimisationOptions.EPOCHS, 3)
                .set(OptimisationOptions.BATCH_SIZE, 32)
                .set(OptimisationOptions.THREADS, 1)
                .set(TextOptions.EMBEDDING, 16)
                .set(ModelOptions.HIDDEN, 16)
                .set(ModelOptions.LATENT, 4)
                .set(TextOptions.WORD_DROPOUT, 0.3)
                .set(ScheduleOptions.SCHEDULE, NamedSchedule.parse(schedule))
                .set(OutputOptions.CHECKPOINT_EVERY, CheckpointInterval.parse("4"))
                .set(OutputOptions.KEEP_CHECKPOINTS, 100)
                .set(OutputOptions.PROGRESS, false);
    }

    private TrainConfig.Builder dense(String name, String schedule) {
        return SmallRuns.dense(path(name))
                .set(OptimisationOptions.EPOCHS, 3)
                .set(OptimisationOptions.THREADS, 1)
                .set(ScheduleOptions.SCHEDULE, NamedSchedule.parse(schedule))
                .set(OutputOptions.CHECKPOINT_EVERY, CheckpointInterval.parse("4"))
                .set(OutputOptions.KEEP_CHECKPOINTS, 100);
    }

    @Test
    void aTextRunWithAKlControllerResumedMidEpochEndsAsTheUninterruptedOne() throws Exception {
        TrainRun.run(text("whole", "control:target=2").build());
        Path resumed = interruptedCopy("whole", "resumed", 8); // epoch 2, batch 2 of 6
        List<String> notices = new ArrayList<>();
        TrainRun.resume(resumed, b -> { }, notices::add);
        assertEquals(List.of("resuming " + resumed + " from checkpoints/step-0000000008 (epoch 2, 2 of its"
                + " batches done; step 8)"), notices);
        assertEquals(RunFiles.lines(dir.resolve("whole"), "steps.csv"), RunFiles.lines(resumed, "steps.csv"));
        assertEquals(RunFiles.metrics(dir.resolve("whole")), RunFiles.metrics(resumed));
        assertEquals("finished", JSON.readTree(resumed.resolve("run.json").toFile()).get("status").asText());
        assertEquals(List.of(8L), resumedFrom(resumed));
    }

    @Test
    void aDenseRunWithACyclicalScheduleResumedMidEpochEndsAsTheUninterruptedOne() throws Exception {
        TrainRun.run(dense("whole", "cyclical:cycles=2").build());
        Path resumed = interruptedCopy("whole", "resumed", 12); // epoch 2, batch 2 of 10
        TrainRun.resume(resumed, b -> { }, line -> { });
        RunFiles.assertSameRun(path("whole"), resumed);
    }

    @Test
    void aDenseRunWithSgdMomentumAndALearningRateRestartedPerBetaCycleResumedMidEpochEndsAsTheUninterruptedOne()
            throws Exception {
        TrainRun.run(dense("sgd-whole", "cyclical:cycles=2")
                .set(OptimisationOptions.OPTIMIZER, OptimizerChoice.parse("sgd:momentum=0.9"))
                .set(OptimisationOptions.LR, 0.01)
                .set(OptimisationOptions.LR_SCHEDULE, LearningRateSchedule.parse("cosine:restart=cycle"))
                .build());
        Path resumed = interruptedCopy("sgd-whole", "sgd-resumed", 16); // epoch 2, batch 6 of 10
        TrainRun.resume(resumed, b -> { }, line -> { });
        RunFiles.assertSameRun(path("sgd-whole"), resumed);
    }

    @Test
    void moreEpochsAreRefusedWhenTheLearningRateFollowsTheRunsLength() throws Exception {
        TrainRun.run(dense("cosine-whole", "constant:beta=1")
                .set(OptimisationOptions.LR_SCHEDULE, LearningRateSchedule.parse("cosine")).build());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainRun.resume(path("cosine-whole"), b -> b.set(OptimisationOptions.EPOCHS, 4), line -> { }));
        assertTrue(e.getMessage().startsWith("learning-rate schedule cosine:min=0.0,restart=none is measured over the run"),
                e.getMessage());
    }

    @Test
    void aPlateauScheduleResumedAfterItsDecayKeepsTheDecayedRate() throws Exception {
        // Patience 1: the rate halves after the first epoch that does not improve (epoch 4 here).
        TrainRun.run(dense("plateau-whole", "constant:beta=1")
                .set(OptimisationOptions.EPOCHS, 5)
                .set(OptimisationOptions.OPTIMIZER, OptimizerChoice.parse("sgd"))
                .set(OptimisationOptions.LR, 0.01)
                .set(OptimisationOptions.LR_SCHEDULE, LearningRateSchedule.parse("plateau:patience=1,decays=3"))
                .build());
        List<String> metrics = RunFiles.lines(path("plateau-whole"), "metrics.csv");
        int lr = List.of(metrics.get(0).split(",")).indexOf("lr");
        List<Double> rates = metrics.stream().skip(1).map(row -> Double.parseDouble(row.split(",")[lr])).toList();
        assertEquals(0.01, rates.get(0));
        assertEquals(0.005, rates.get(rates.size() - 1), "the rate halved: " + rates);
        Path resumed = interruptedCopy("plateau-whole", "plateau-resumed", 44); // epoch 5, batch 4 of 10
        TrainRun.resume(resumed, b -> { }, line -> { });
        RunFiles.assertSameRun(path("plateau-whole"), resumed);
    }

    @Test
    void aDenseRunTrainedAggressivelyResumedMidEpochEndsAsTheUninterruptedOne() throws Exception {
        TrainRun.run(dense("aggressive-whole", "constant:beta=1").set(ScheduleOptions.AGGRESSIVE, 20).build());
        List<String> metrics = RunFiles.lines(path("aggressive-whole"), "metrics.csv");
        int column = List.of(metrics.get(0).split(",")).indexOf("encoder_steps");
        assertTrue(Double.parseDouble(metrics.get(1).split(",")[column]) >= 1, "the encoder took extra steps: " + metrics);
        Path resumed = interruptedCopy("aggressive-whole", "aggressive-resumed", 16); // epoch 2, batch 6 of 10
        TrainRun.resume(resumed, b -> { }, line -> { });
        RunFiles.assertSameRun(path("aggressive-whole"), resumed);
    }

    /** A listener of the caller's own with state: the training steps it saw. */
    static final class StepCounter extends TrainingListenerAdapter implements Stateful<StepCounter.Count> {
        record Count(long steps) {}

        long steps;

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            steps++;
        }
        @Override
        public Key<Count> stateKey() {
            return new Key<>("step-counter", Count.class);
        }

        @Override
        public Count state() {
            return new Count(steps);
        }

        @Override
        public void restore(Count saved) {
            steps = saved.steps();
        }
    }

    @Test
    void aStatefulListenerOfTheCallersOwnIsCheckpointedAndResumedWithTheRun() throws Exception {
        StepCounter whole = new StepCounter();
        TrainRun.run(dense("whole", "constant:beta=1").addTrainingListeners(whole).build());
        assertEquals(30, whole.steps, "3 epochs of 10 steps");
        StepCounter continued = new StepCounter();
        TrainRun.resume(interruptedCopy("whole", "resumed", 12), b -> b.addTrainingListeners(continued), line -> { });
        assertEquals(whole.steps, continued.steps, "the count from the checkpoint, then the 18 steps after it");
        IOException e = assertThrows(IOException.class,
                () -> TrainRun.resume(interruptedCopy("whole", "without", 12), b -> { }, line -> { }));
        assertTrue(e.getMessage().contains("holds state for [step-counter], which no part of this run keeps"),
                e.getMessage());
    }

    @Test
    void stepFingerprintsAgreeBetweenRepeatsPartAtTheFirstDifferentStepAndResumeWithTheRun() throws Exception {
        System.setProperty(StepFingerprints.PROPERTY, "true");
        try {
            TrainRun.run(dense("whole", "constant:beta=1").build());
            TrainRun.run(dense("repeat", "constant:beta=1").build());
            List<String> whole = RunFiles.lines(path("whole"), "fingerprints.csv");
            assertEquals(31, whole.size(), "a header and 3 epochs of 10 steps");
            assertEquals(whole, RunFiles.lines(path("repeat"), "fingerprints.csv"));
            Path resumed = interruptedCopy("whole", "resumed", 12);
            TrainRun.resume(resumed, b -> { }, line -> { });
            assertEquals(whole, RunFiles.lines(resumed, "fingerprints.csv"), "cut back to step 12, then written on");
            TrainRun.run(dense("other-seed", "constant:beta=1").set(OptimisationOptions.SEED, 2L).build());
            List<String> other = RunFiles.lines(path("other-seed"), "fingerprints.csv");
            assertTrue(!other.get(1).equals(RunFiles.lines(path("whole"), "fingerprints.csv").get(1)),
                    "another seed draws other initial parameters: step 0 differs");
        } finally {
            System.clearProperty(StepFingerprints.PROPERTY);
        }
        TrainRun.run(dense("no-fingerprints", "constant:beta=1").set(OptimisationOptions.EPOCHS, 1).build());
        assertTrue(Files.notExists(path("no-fingerprints").resolve("fingerprints.csv")), "off unless asked for");
    }

    @Test
    void aTruncatedCheckpointIsSkippedForTheOneBefore() throws Exception {
        TrainRun.run(dense("whole", "constant:beta=1").build());
        Path resumed = interruptedCopy("whole", "resumed", 16);
        Path parameters = checkpoint(resumed, 16).resolve("parameters.params");
        byte[] bytes = Files.readAllBytes(parameters);
        Files.write(parameters, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        TrainRun.resume(resumed, b -> { }, line -> { });
        assertEquals(List.of(12L), resumedFrom(resumed));
        RunFiles.assertSameRun(path("whole"), resumed);
    }

    @Test
    void moreEpochsContinueAScheduleThatDoesNotDependOnTheRunsLength() throws Exception {
        TrainRun.run(dense("short", "constant:beta=1").set(OptimisationOptions.EPOCHS, 2).build());
        TrainRun.resume(path("short"), b -> b.set(OptimisationOptions.EPOCHS, 3), line -> { });
        TrainRun.run(dense("long", "constant:beta=1").build());
        RunFiles.assertSameRun(path("long"), path("short"));
    }

    @Test
    void moreEpochsAreRefusedWhenTheScheduleWouldChangeUnderTheStepsTrained() throws Exception {
        TrainRun.run(dense("short", "cyclical:cycles=2").set(OptimisationOptions.EPOCHS, 2).build());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRun.resume(dir.resolve("short"), b -> b.set(OptimisationOptions.EPOCHS, 3), line -> { }));
        assertTrue(e.getMessage().contains("with 3 epochs instead of 2"), e.getMessage());
    }

    @Test
    void aFinishedRunHasNothingToResume() throws Exception {
        TrainRun.run(dense("done", "constant:beta=1").set(OptimisationOptions.EPOCHS, 1).build());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> TrainRun.resume(dir.resolve("done"), b -> { }, line -> { }));
        assertTrue(e.getMessage().contains("has trained all its 1 epochs"), e.getMessage());
    }

    @Test
    void anOptionThatChangesTheComputationIsRefusedByName() throws Exception {
        TrainRun.run(dense("run", "constant:beta=1").set(OptimisationOptions.EPOCHS, 1).build());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> TrainRun.resume(dir.resolve("run"), b -> b.set(OptimisationOptions.LR, 0.01), line -> { }));
        assertTrue(e.getMessage().contains("--lr 0.01 (the run has 0.001)"), e.getMessage());
    }

    @Test
    void aConfigWithoutAnOptionThisKlannealHasIsRefusedByName() throws Exception {
        TrainRun.run(dense("run", "constant:beta=1").set(OptimisationOptions.EPOCHS, 1).build());
        Path config = dir.resolve("run/config.json");
        ObjectNode root = (ObjectNode) JSON.readTree(config.toFile());
        ((ObjectNode) root.get("options")).remove("grad-clip");
        Files.writeString(config, root.toString());
        IOException e = assertThrows(IOException.class, () -> TrainRun.resume(dir.resolve("run"), b -> { }, line -> { }));
        assertTrue(e.getMessage().contains("does not match this klanneal's options: it has no grad-clip"),
                e.getMessage());
    }

    @Test
    void aRunRecordedBeforeTheOptimizerAndRemedyOptionsExistedResumesAsItTrained() throws Exception {
        TrainRun.run(dense("older-whole", "cyclical:cycles=2").build());
        Path older = interruptedCopy("older-whole", "older", 12);
        Path config = older.resolve("config.json");
        ObjectNode root = (ObjectNode) JSON.readTree(config.toFile());
        ((ObjectNode) root.get("options")).remove(List.of("optimizer", "lr-schedule", "bn-gamma", "aggressive"));
        Files.writeString(config, root.toString());
        TrainRun.resume(older, b -> { }, line -> { });
        RunFiles.assertSameRun(path("older-whole"), older);
    }

    // A copy of a finished run as a kill after `step` would have left it: the checkpoints after
    // it gone, the CSVs, run.json and model/ as they were at the end (ahead of the checkpoint).
    private Path interruptedCopy(String run, String copy, long step) throws IOException {
        Path from = path(run);
        Path to = path(copy);
        try (Stream<Path> walk = Files.walk(from)) {
            for (Path p : walk.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        checkpoint(to, step);
        new CheckpointStore(to, 1).discardAfter(step);
        return to;
    }

    // The directory of a run's checkpoint at this step, which must exist.
    private static Path checkpoint(Path run, long step) throws IOException {
        try (Stream<Path> checkpoints = Files.list(RunDirectory.at(run).checkpointsDir())) {
            return checkpoints.filter(c -> CheckpointStore.stepOf(c.getFileName().toString()).orElse(-1) == step)
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no checkpoint at step " + step + " in " + run));
        }
    }

    private static List<Long> resumedFrom(Path run) throws IOException {
        List<Long> steps = new ArrayList<>();
        JSON.readTree(run.resolve("run.json").toFile()).path("resumed_from_steps").forEach(s -> steps.add(s.asLong()));
        return steps;
    }
}
