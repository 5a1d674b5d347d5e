package io.klanneal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The one-pass CPU Adam computes the engine's update, in place. */
class CpuAdamKernelTest {

    // Spans many chunks and ends in a partial one.
    private static final int SIZE = 100_003;
    private static final float LR = 1e-3f;

    private record State(float[] weight, float[] mean, float[] variance) {}

    private static State run(boolean engine) {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.randomNormal(new Shape(SIZE));
            NDArray mean = manager.zeros(new Shape(SIZE));
            NDArray variance = manager.zeros(new Shape(SIZE));
            for (int t = 1; t <= 3; t++) {
                NDArray gradient = manager.randomNormal(new Shape(SIZE)).mul(0.01f);
                float corrected = (float) (LR * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t)));
                if (engine) {
                    weight.getNDArrayInternal().adamUpdate(
                            new NDList(weight, gradient, mean, variance), new NDList(weight), LR, corrected,
                            0f, 1f, -1f, 0.9f, 0.999f, 1e-8f, true, false);
                } else {
                    CpuAdamKernel.update(weight, gradient, mean, variance, corrected, 0.9f, 0.999f, 1e-8f);
                }
            }
            return new State(weight.toFloatArray(), mean.toFloatArray(), variance.toFloatArray());
        }
    }

    @Test
    void movesBothMomentsBitForBitAsTheEngineAndTheWeightsWithinItsSquareRootsRounding() {
        State engine = run(true);
        State kernel = run(false);
        assertArrayEquals(engine.mean(), kernel.mean(), "first moment: the same fused multiply-adds");
        assertArrayEquals(engine.variance(), kernel.variance(), "second moment");
        int differing = 0;
        for (int i = 0; i < SIZE; i++) {
            // An ulp of the weight, or of the step (about LR) where the weight is near zero.
            float tolerance = 2 * Math.max(Math.ulp(engine.weight()[i]), Math.ulp(LR));
            assertEquals(engine.weight()[i], kernel.weight()[i], tolerance, "weight " + i);
            differing += engine.weight()[i] != kernel.weight()[i] ? 1 : 0;
        }
        // The engine's square root is off by an ulp now and then; most weights come out identical.
        assertTrue(differing < SIZE / 100, differing + " of " + SIZE + " weights differ");
    }

    @Test
    void leavesTheGradientZeroForTheNextBackwardPassToAccumulateFrom() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray weight = manager.randomNormal(new Shape(SIZE));
            NDArray gradient = manager.randomNormal(new Shape(SIZE));
            CpuAdamKernel.update(
                    weight, gradient, manager.zeros(new Shape(SIZE)), manager.zeros(new Shape(SIZE)), LR, 0.9f,
                    0.999f, 1e-8f);
            assertArrayEquals(new float[SIZE], gradient.toFloatArray(), "every chunk of the gradient, the last partial one too");
        }
    }
}
