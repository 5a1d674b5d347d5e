package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.tracker.Tracker;
import io.klanneal.data.ImageBatches;
import io.klanneal.data.ImageData;
import io.klanneal.dense.DenseVae;
import io.klanneal.io.CsvFiles;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** He et al.'s aggressive training on a tiny dense VAE: who is updated when, and when it stops. */
class AggressiveInferenceTest {

    private static final int EXAMPLES = 64;

    private static ImageData images() {
        Random random = new Random(9);
        float[] pixels = new float[EXAMPLES * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = random.nextFloat() < 0.3 ? 1f : 0f;
        }
        return new ImageData("tiny", pixels, EXAMPLES, 4, 4);
    }

    private static Map<String, float[]> values(DenseVae block) {
        Map<String, float[]> values = new HashMap<>();
        block.getParameters().values().forEach(p -> values.put(p.getId(), p.getArray().toFloatArray()));
        return values;
    }

    /** Runs a check on a fresh tiny model, its trainer and its aggressive training. */
    private interface Check {
        void run(DenseVae block, Trainer trainer, AggressiveInference aggressive, ImageBatches train,
                TrainingHistory history, Set<String> encoder) throws Exception;
    }

    private static void withTinyModel(int limit, Check check) throws Exception {
        Engine.getInstance().setRandomSeed(5);
        RandomStreams streams = new RandomStreams(5);
        TrainingHistory history = new TrainingHistory(0);
        try (Model model = Model.newInstance("aggressive")) {
            DenseVae block = new DenseVae(16, 8, 2);
            model.setBlock(block);
            ResumableAdam adam = new ResumableAdam(Tracker.fixed(0.01f));
            ImageBatches train = ImageBatches.shuffled(model.getNDManager(), images(), 8, streams);
            try (Trainer trainer = model.newTrainer(
                    new DefaultTrainingConfig(new VaeLoss(new BernoulliLikelihood())).optOptimizer(adam))) {
                trainer.initialize(new Shape(8, 16));
                Set<String> encoder = new HashSet<>();
                block.inferenceNetwork().forEach(p -> encoder.add(p.getId()));
                Set<String> decoder = new HashSet<>();
                block.getParameters().values().stream().map(Parameter::getId).filter(id -> !encoder.contains(id))
                        .forEach(decoder::add);
                check.run(block, trainer, new AggressiveInference(limit, adam, encoder, decoder, train,
                        new GradientNormClipping(5f), history, streams), train, history, encoder);
            }
        }
    }

    @Test
    void theEncoderStepsUpdateTheEncoderAloneAndTheTrainingStepAfterThemTheDecoderAlone() throws Exception {
        withTinyModel(20, (block, trainer, aggressive, train, history, encoder) -> {
            Set<String> named = new HashSet<>();
            block.getParameters().forEach(p -> {
                if (p.getKey().contains("encoder_hidden") || p.getKey().contains("posterior")) {
                    named.add(p.getValue().getId());
                }
            });
            assertEquals(named, encoder, "the dense encoder: its hidden layer and the posterior's heads");
            assertEquals(4, encoder.size());
            Map<String, float[]> before = values(block);
            try (Batch batch = train.batch(trainer.getManager(), 0)) {
                int steps = aggressive.beforeStep(trainer, batch);
                assertTrue(steps == 20 || steps % AggressiveInference.WINDOW == 0, "stopped at " + steps);
                Map<String, float[]> afterEncoder = values(block);
                before.forEach((id, v) -> {
                    boolean changed = !java.util.Arrays.equals(v, afterEncoder.get(id));
                    assertEquals(encoder.contains(id), changed, id + (encoder.contains(id) ? " (encoder)" : " (decoder)"));
                });
                VaeTraining.trainStep(trainer, batch, history, new RandomStreams(5));
                Map<String, float[]> afterStep = values(block);
                afterEncoder.forEach((id, v) -> {
                    boolean changed = !java.util.Arrays.equals(v, afterStep.get(id));
                    assertEquals(!encoder.contains(id), changed, id + " in the training step");
                });
            }
        });
    }

    @Test
    void theInnerLoopStopsAtItsLimitOrAtTheFirstWindowWhoseMeanLossRose() throws Exception {
        withTinyModel(7, (block, trainer, aggressive, train, history, encoder) -> {
            try (Batch batch = train.batch(trainer.getManager(), 0)) {
                assertEquals(7, aggressive.beforeStep(trainer, batch), "below one window, the limit");
            }
        });
        AggressiveInference.Windows windows = new AggressiveInference.Windows();
        int w = AggressiveInference.WINDOW;
        for (int step = 1; step <= w; step++) {
            assertFalse(windows.roseAfter(10 - step * 0.01, 8), "the first window has none before it");
        }
        for (int step = 1; step <= w; step++) {
            assertFalse(windows.roseAfter(9, 8), "a window lower than the one before goes on");
        }
        for (int step = 1; step < w; step++) {
            assertFalse(windows.roseAfter(9.5, 8), "decided only at the window's end");
        }
        assertTrue(windows.roseAfter(9.5, 8), "a window whose mean rose ends the loop");
        // Means are per example: a small batch weighs less.
        AggressiveInference.Windows weighted = new AggressiveInference.Windows();
        for (int step = 1; step <= w; step++) {
            weighted.roseAfter(5, 8);
        }
        for (int step = 1; step < w; step++) {
            weighted.roseAfter(4.9, 8);
        }
        assertFalse(weighted.roseAfter(10, 1), "(14 x 8 x 4.9 + 10) / 113 = 4.95, below 5 (of the steps' means: 5.24)");
    }

    @Test
    void itTurnsOffAtTheFirstEpochWhoseHeldOutMutualInformationFell() throws Exception {
        withTinyModel(20, (block, trainer, aggressive, train, history, encoder) -> {
            EpochSummary.MeanTerms terms = new EpochSummary.MeanTerms(1, 1, 2, null);
            for (double mi : new double[] {0.5, 0.7}) {
                history.recordEpoch(new EpochSummary(history.epochs().size() + 1, 1f, terms, terms, 0));
                history.recordDiagnostic(CsvFiles.MUTUAL_INFORMATION, mi);
                assertTrue(aggressive.active(), "MI rose to " + mi);
            }
            history.recordEpoch(new EpochSummary(3, 1f, terms, terms, 0));
            history.recordDiagnostic(CsvFiles.MUTUAL_INFORMATION, 0.6);
            assertFalse(aggressive.active(), "MI fell from 0.7 to 0.6");
            history.recordEpoch(new EpochSummary(4, 1f, terms, terms, 0));
            history.recordDiagnostic(CsvFiles.MUTUAL_INFORMATION, 0.9);
            assertFalse(aggressive.active(), "once off, off for the rest of the run");
            Map<String, float[]> before = values(block);
            try (Batch batch = train.batch(trainer.getManager(), 0)) {
                assertEquals(0, aggressive.beforeStep(trainer, batch));
                VaeTraining.trainStep(trainer, batch, history, new RandomStreams(5));
            }
            Map<String, float[]> after = values(block);
            before.forEach((id, v) -> assertFalse(java.util.Arrays.equals(v, after.get(id)), id + " trains as usual"));
        });
    }

    @Test
    void withoutAHeldOutMutualInformationItStaysOnAndWarnsOnce() throws Exception {
        withTinyModel(20, (block, trainer, aggressive, train, history, encoder) -> {
            EpochSummary.MeanTerms terms = new EpochSummary.MeanTerms(1, 1, 2, null);
            PrintStream err = System.err;
            ByteArrayOutputStream captured = new ByteArrayOutputStream();
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
                for (int epoch = 1; epoch <= 3; epoch++) {
                    history.recordEpoch(new EpochSummary(epoch, 1f, terms, terms, 0));
                    aggressive.onEpoch(trainer);
                    assertTrue(aggressive.active(), "no MI, so nothing fell, after epoch " + epoch);
                }
            } finally {
                System.setErr(err);
            }
            String log = captured.toString(StandardCharsets.UTF_8);
            assertEquals(1, log.split(java.util.regex.Pattern.quote(AggressiveInference.NO_MUTUAL_INFORMATION), -1).length - 1, log);
        });
    }

    @Test
    void aBatchByIndexIsTheBatchIterationYieldsAtThatPlace() throws Exception {
        withTinyModel(1, (block, trainer, aggressive, train, history, encoder) -> {
            train.setEpoch(3);
            int i = 0;
            for (Batch iterated : trainer.iterateDataset(train)) {
                try (Batch indexed = train.batch(trainer.getManager(), i++)) {
                    assertArrayEquals(iterated.getData().head().toFloatArray(), indexed.getData().head().toFloatArray());
                } finally {
                    iterated.close();
                }
            }
            assertEquals(train.batchesPerEpoch(), i);
        });
    }
}
