package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.dense.DenseVae;
import org.junit.jupiter.api.Test;

class VaeTrainingTest {

    @Test
    void aNaNInTheDataStopsTrainingNamingTheStep() throws Exception {
        Engine.getInstance().setRandomSeed(5);
        float[] pixels = new float[32 * 16];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 7) / 7f;
        }
        pixels[17 * 16 + 3] = Float.NaN; // example 17 is in the third batch of 8
        TrainingHistory history = new TrainingHistory(0);
        try (Model model = Model.newInstance("nan")) {
            model.setBlock(new DenseVae(16, 8, 2));
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(model.getNDManager().create(pixels, new Shape(32, 16)))
                            .setSampling(8, false)
                            .build();
            VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss))) {
                trainer.initialize(new Shape(8, 16));
                TrainingDivergedException e =
                        assertThrows(
                                TrainingDivergedException.class,
                                () -> VaeTraining.fit(trainer, 1, data, null, history, new RandomStreams(5)));
                assertEquals(2, e.step());
                assertTrue(e.getMessage().contains("step 2"), e.getMessage());
            }
        }
        assertEquals(2, history.steps(), "the two good steps stay recorded");
    }

    @Test
    void aStopRequestedByAListenerEndsTrainingAfterThatEpoch() throws Exception {
        Engine.getInstance().setRandomSeed(5);
        TrainingHistory history = new TrainingHistory(0);
        try (Model model = Model.newInstance("stop")) {
            model.setBlock(new DenseVae(16, 8, 2));
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(model.getNDManager().randomUniform(0, 1, new Shape(32, 16)))
                            .setSampling(8, false)
                            .build();
            TrainingListener stopAfterTwo =
                    new TrainingListenerAdapter() {
                        @Override
                        public void onEpoch(Trainer trainer) {
                            if (history.epochs().size() == 2) {
                                history.requestStop("enough");
                            }
                        }
                    };
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(new VaeLoss(new BernoulliLikelihood()))
                            .addTrainingListeners(stopAfterTwo);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 16));
                VaeTraining.fit(trainer, 5, data, data, history, new RandomStreams(5));
            }
        }
        assertEquals(2, history.epochs().size());
        assertEquals(8, history.steps());
        assertEquals("enough", history.stopReason());
    }

    @Test
    void validationBatchesReachDjlListenersAsTrainingBatchesDo() throws Exception {
        TrainingHistory history = new TrainingHistory(0);
        int[] seen = new int[2];
        try (Model model = Model.newInstance("listen")) {
            model.setBlock(new DenseVae(16, 8, 2));
            ArrayDataset data =
                    new ArrayDataset.Builder()
                            .setData(model.getNDManager().randomUniform(0, 1, new Shape(24, 16)))
                            .setSampling(8, false)
                            .build();
            TrainingListener counter =
                    new TrainingListenerAdapter() {
                        @Override
                        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                            seen[0]++;
                        }

                        @Override
                        public void onValidationBatch(Trainer trainer, BatchData batchData) {
                            seen[1]++;
                            assertEquals(8, batchData.getBatch().getSize());
                        }
                    };
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(new VaeLoss(new BernoulliLikelihood()))
                            .addTrainingListeners(counter);
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 16));
                VaeTraining.fit(trainer, 2, data, data, history, new RandomStreams(5));
            }
        }
        assertEquals(6, seen[0], "3 training batches per epoch");
        assertEquals(6, seen[1], "3 validation batches per epoch");
    }
}
