package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.List;
import org.junit.jupiter.api.Test;

/** klanneal's SGD is DJL's SGD step for step, with and without momentum. */
class ResumableSgdTest {

    @Test
    void everyParameterFollowsDjlsSgdAfterEveryStep() {
        Tracker lr = Tracker.fixed(0.05f);
        for (float momentum : new float[] {0f, 0.9f}) {
            List<float[]> djl = ResumableAdamTest.train(
                    Optimizer.sgd().setLearningRateTracker(lr).optMomentum(momentum).build(), null);
            List<float[]> klanneal = ResumableAdamTest.train(new ResumableSgd(lr, momentum), null);
            assertEquals(djl.size(), klanneal.size());
            for (int i = 0; i < djl.size(); i++) {
                assertArrayEquals(djl.get(i), klanneal.get(i), 1e-6f,
                        "momentum " + momentum + ", parameter array " + i + " (step " + i / 4 + ")");
            }
        }
    }

    @Test
    void momentumChangesTheTrajectory() {
        Tracker lr = Tracker.fixed(0.05f);
        List<float[]> plain = ResumableAdamTest.train(new ResumableSgd(lr, 0f), null);
        List<float[]> heavy = ResumableAdamTest.train(new ResumableSgd(lr, 0.9f), null);
        assertNotEquals(plain.get(plain.size() - 1)[0], heavy.get(heavy.size() - 1)[0]);
    }
}
