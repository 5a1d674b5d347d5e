package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.util.Pair;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Clipping rescales all gradients together to the given global norm, and only when above it. */
class GradientNormClippingTest {

    // Returns every gradient after backward and the listener.
    private static List<float[]> gradients(float maxNorm) {
        Engine.getInstance().setRandomSeed(11);
        List<float[]> result = new ArrayList<>();
        try (Model model = Model.newInstance("clip-test")) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(7).build())
                    .add(Linear.builder().setUnits(3).build()));
            DefaultTrainingConfig config = new DefaultTrainingConfig(Loss.l2Loss());
            if (maxNorm > 0) {
                config.addTrainingListeners(new GradientNormClipping(maxNorm));
            }
            try (Trainer trainer = model.newTrainer(config)) {
                trainer.initialize(new Shape(4, 5));
                NDArray x = trainer.getManager().randomNormal(new Shape(4, 5)).mul(10);
                NDArray y = trainer.getManager().randomNormal(new Shape(4, 3));
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                }
                trainer.notifyListeners(l -> l.onTrainingBatch(trainer, null));
                for (Pair<String, Parameter> p : model.getBlock().getParameters()) {
                    result.add(p.getValue().getArray().getGradient().toFloatArray());
                }
            }
        }
        return result;
    }

    private static double norm(List<float[]> gradients) {
        double squares = 0;
        for (float[] g : gradients) {
            for (float v : g) {
                squares += (double) v * v;
            }
        }
        return Math.sqrt(squares);
    }

    @Test
    void scalesEveryGradientByOneFactorToTheMaximumNorm() {
        List<float[]> raw = gradients(0);
        double rawNorm = norm(raw);
        assertTrue(rawNorm > 1, "the test's gradients are large: " + rawNorm);
        List<float[]> clipped = gradients(0.5f);
        assertEquals(0.5, norm(clipped), 1e-4);
        double factor = 0.5 / rawNorm;
        for (int i = 0; i < raw.size(); i++) {
            for (int j = 0; j < raw.get(i).length; j++) {
                assertEquals(raw.get(i)[j] * factor, clipped.get(i)[j], 1e-5 * Math.abs(raw.get(i)[j] * factor) + 1e-9);
            }
        }
    }

    @Test
    void leavesGradientsBelowTheMaximumAlone() {
        List<float[]> raw = gradients(0);
        List<float[]> kept = gradients((float) (norm(raw) * 2));
        for (int i = 0; i < raw.size(); i++) {
            assertArrayEquals(raw.get(i), kept.get(i));
        }
    }
}
