package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.tracker.Tracker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** klanneal's trainer initializes and steps exactly as DJL's, without copying the gradients. */
class VaeTrainerTest {

    private static List<float[]> train(BiFunction<Model, DefaultTrainingConfig, Trainer> newTrainer) {
        List<float[]> trajectory = new ArrayList<>();
        Engine.getInstance().setRandomSeed(9);
        try (Model model = Model.newInstance("trainer-test")) {
            model.setBlock(new SequentialBlock()
                    .add(Linear.builder().setUnits(64).build())
                    .add(Activation::relu)
                    .add(Linear.builder().setUnits(3).build()));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(Loss.l2Loss()).optOptimizer(new ResumableAdam(Tracker.fixed(0.01f)));
            try (Trainer trainer = newTrainer.apply(model, config)) {
                trainer.initialize(new Shape(16, 5));
                model.getBlock().getParameters().forEach(p -> trajectory.add(p.getValue().getArray().toFloatArray()));
                NDArray x = trainer.getManager().randomNormal(new Shape(16, 5));
                NDArray y = trainer.getManager().randomNormal(new Shape(16, 3));
                for (int step = 0; step < 10; step++) {
                    try (GradientCollector collector = trainer.newGradientCollector()) {
                        collector.backward(trainer.getLoss().evaluate(new NDList(y), trainer.forward(new NDList(x))));
                    }
                    trainer.step();
                    model.getBlock().getParameters().forEach(p -> trajectory.add(p.getValue().getArray().toFloatArray()));
                }
            }
        }
        return trajectory;
    }

    @Test
    void startsFromTheSameParametersAndTakesTheSameStepsAsDjlsTrainer() {
        List<float[]> djl = train(Model::newTrainer);
        List<float[]> ours = train(VaeTrainer::create);
        assertEquals(djl.size(), ours.size());
        for (int i = 0; i < djl.size(); i++) {
            assertArrayEquals(djl.get(i), ours.get(i), "parameter array " + i + " (step " + i / 4 + ")");
        }
    }
}
