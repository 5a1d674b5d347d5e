package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.dense.DenseVae;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.CyclicalSchedule;
import io.klanneal.schedule.KlController;
import io.klanneal.schedule.Progress;
import io.klanneal.schedule.Ramp;
import io.klanneal.schedule.ScheduleSpec;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BetaAnnealingListenerTest {

    private static final BetaSchedule SCHEDULE =
            CyclicalSchedule.builder().setCycles(3).optRatio(0.5).optRamp(Ramp.COSINE).build();

    @Test
    void djlEasyTrainSeesTheScheduleValueOfEachStepInItsForwardPass() throws Exception {
        Engine.getInstance().setRandomSeed(3);
        List<Float> betaInForward = new ArrayList<>();
        try (Model model = Model.newInstance("easy")) {
            model.setBlock(new DenseVae(16, 8, 2));
            NDArray x = model.getNDManager().randomUniform(0, 1, new Shape(40, 16));
            ArrayDataset data =
                    new ArrayDataset.Builder().setData(x).optLabels(x).setSampling(8, true).build();
            VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
            // Registered first, so it sees beta before the annealing listener moves it on.
            TrainingListenerAdapter recorder =
                    new TrainingListenerAdapter() {
                        @Override
                        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
                            betaInForward.add(loss.beta());
                        }
                    };
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .addTrainingListeners(
                                    recorder, BetaAnnealingListener.counting(SCHEDULE, loss, 15, 5, 0));
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(8, 16));
                EasyTrain.fit(trainer, 3, data, null);
            }
        }
        assertEquals(15, betaInForward.size());
        for (int step = 0; step < 15; step++) {
            assertEquals(
                    (float) SCHEDULE.beta(new Progress(step, 15, 5)),
                    betaInForward.get(step),
                    "step " + step);
        }
    }

    @Test
    void resumingAtALaterStepContinuesTheSchedule() {
        VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
        BetaAnnealingListener listener = BetaAnnealingListener.counting(SCHEDULE, loss, 30, 10, 12);
        listener.onTrainingBegin(null);
        assertEquals((float) SCHEDULE.beta(new Progress(12, 30, 10)), loss.beta());
        listener.onTrainingBatch(null, null);
        assertEquals((float) SCHEDULE.beta(new Progress(13, 30, 10)), loss.beta());
    }

    @Test
    void underKlannealsLoopTheHistoryIsTheStepCounter() {
        VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
        TrainingHistory history = new TrainingHistory(20);
        BetaAnnealingListener listener = BetaAnnealingListener.following(SCHEDULE, loss, 30, 10, history);
        listener.onTrainingBegin(null);
        assertEquals((float) SCHEDULE.beta(new Progress(20, 30, 10)), loss.beta());
        history.recordStep(loss.beta(), 1f, 1f, 2f);
        listener.onTrainingBatch(null, null);
        assertEquals((float) SCHEDULE.beta(new Progress(21, 30, 10)), loss.beta());
        listener.onTrainingBatch(null, null);
        assertEquals((float) SCHEDULE.beta(new Progress(21, 30, 10)), loss.beta(),
                "no step recorded, no step taken: the listener does not count on its own");
    }

    @Test
    void aControllerReadsEachStepsKlFromTheHistoryAndKeepsItsStateInTheListener() {
        VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
        TrainingHistory history = new TrainingHistory(0);
        BetaAnnealingListener listener = BetaAnnealingListener.following(
                ScheduleSpec.parse("control:target=2,kp=0.01,ki=0.01,smoothing=1").schedule(), loss, 100, 10, history);
        listener.onTrainingBegin(null);
        assertEquals(0f, loss.beta(), "the controller starts at its min");
        for (int step = 0; step < 5; step++) {
            history.recordStep(loss.beta(), 10f, 6f, 10f);
            listener.onTrainingBatch(null, null);
        }
        assertTrue(loss.beta() > 0.1f, "KL 6 above a target of 2 raises beta: " + loss.beta());
        assertEquals(6.0, KlController.Memory.of(listener.state().feedback()).averageKl(), 1e-6);
        assertEquals(loss.beta(), (float) KlController.Memory.of(listener.state().feedback()).beta());
    }

    @Test
    void aScheduleReturningNaNStopsWithTheStep() {
        VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
        BetaAnnealingListener listener =
                BetaAnnealingListener.counting(p -> p.step() == 1 ? Double.NaN : 0.5, loss, 10, 10, 0);
        listener.onTrainingBegin(null);
        IllegalStateException e =
                org.junit.jupiter.api.Assertions.assertThrows(
                        IllegalStateException.class, () -> listener.onTrainingBatch(null, null));
        assertEquals(true, e.getMessage().contains("at step 1"), e.getMessage());
    }

    @Test
    void trackerAdapterGivesTheScheduleValue() {
        BetaTracker tracker = new BetaTracker(SCHEDULE, 30, 10);
        for (int step = 0; step < 30; step++) {
            assertEquals((float) SCHEDULE.beta(new Progress(step, 30, 10)), tracker.getNewValue(step));
        }
    }
}
