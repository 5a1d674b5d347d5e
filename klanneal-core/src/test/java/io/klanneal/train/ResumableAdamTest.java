package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** klanneal's Adam is DJL's Adam step for step (up to the engine's square root), and shows its moments and counts. */
class ResumableAdamTest {

    private static final int STEPS = 25;

    // Trains a small network on fixed random data and returns every parameter after each step.
    static List<float[]> train(Optimizer optimizer, ResumableAdam[] exposed) {
        List<float[]> trajectory = new ArrayList<>();
        Engine.getInstance().setRandomSeed(5);
        try (Model model = Model.newInstance("adam-test")) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(16).build())
                    .add(Activation::tanh)
                    .add(Linear.builder().setUnits(3).build()));
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(optimizer))) {
                trainer.initialize(new Shape(8, 5));
                NDManager manager = trainer.getManager();
                NDArray x = manager.randomNormal(new Shape(8, 5));
                NDArray y = manager.randomNormal(new Shape(8, 3));
                for (int step = 0; step < STEPS; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        NDArray loss = trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x)));
                        collector.backward(loss);
                    }
                    trainer.step();
                    model.getBlock().getParameters().forEach(p -> trajectory.add(p.getValue().getArray().toFloatArray()));
                }
                if (exposed != null) {
                    ResumableAdam adam = exposed[0];
                    assertEquals(4, adam.means().size(), "two weights and two biases");
                    assertEquals(4, adam.variances().size());
                    adam.updateCounts().values().forEach(c -> assertEquals(STEPS, c));
                    Map<String, Shape> shapes = new java.util.HashMap<>();
                    model.getBlock().getParameters().forEach(p -> shapes.put(p.getValue().getId(), p.getValue().getShape()));
                    for (Map.Entry<String, NDArray> mean : adam.means().entrySet()) {
                        assertEquals(shapes.get(mean.getKey()), mean.getValue().getShape(), "keyed by parameter id");
                    }
                }
            }
        }
        return trajectory;
    }

    @Test
    void everyParameterFollowsDjlsAdamAfterEveryStep() {
        Tracker lr = Tracker.fixed(0.01f);
        List<float[]> djl = train(Optimizer.adam().optLearningRateTracker(lr).build(), null);
        ResumableAdam ours = new ResumableAdam(lr);
        List<float[]> klanneal = train(ours, new ResumableAdam[] {ours});
        assertEquals(djl.size(), klanneal.size());
        for (int i = 0; i < djl.size(); i++) {
            // The CPU kernel's correctly rounded square root moves a weight by an ulp now and then.
            assertArrayEquals(djl.get(i), klanneal.get(i), 1e-6f, "parameter array " + i + " (step " + i / 4 + ")");
        }
    }
}
