package io.klanneal.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * A constant that autograd keeps for the backward pass survives a garbage collection between
 * forward and backward when it comes from {@link Scalars}; DJL's own {@code mul(Number)} does not.
 */
class ScalarsTest {

    private static final float[] X = {1f, 2f, 3f};

    @Test
    void aMultiplyByAConstantKeepsItsGradientThroughACollectionThatReusesFreedMemory() throws Exception {
        float[] unprotected = gradientAcrossACollection(x -> x.mul(2f));
        // The hazard shows here (the freed 2.0 was overwritten by 7.0 or other bytes); if this JVM
        // did not free and reuse the buffer, the test below could not tell the two apart.
        assumeFalse(Arrays.equals(new float[] {2f, 2f, 2f}, unprotected),
                "the collection did not reuse the constant's memory here: " + Arrays.toString(unprotected));
        assertArrayEquals(new float[] {2f, 2f, 2f}, gradientAcrossACollection(x -> Scalars.mul(x, 2f)));
    }

    @Test
    void aMaximumWithAConstantKeepsItsGradientThroughACollection() throws Exception {
        // d/dx max(x, 2.5) is 1 where x > 2.5: reading the floor back as 7 would zero it.
        assertArrayEquals(new float[] {0f, 0f, 1f}, gradientAcrossACollection(x -> Scalars.maximum(x, 2.5f)));
    }

    @Test
    void scalarsGiveTheNumbersOfDjlsOperations() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {0.1f, -3.7f, 1e-8f, 12345.678f});
            assertArrayEquals(x.mul(0.37f).toFloatArray(), Scalars.mul(x, 0.37f).toFloatArray());
            assertArrayEquals(x.maximum(0.05f).toFloatArray(), Scalars.maximum(x, 0.05f).toFloatArray());
        }
    }

    private static float[] gradientAcrossACollection(UnaryOperator<NDArray> operation) throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(X);
            x.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = operation.apply(x).sum();
                List<ByteBuffer> taken = reuseFreedDirectMemory();
                collector.backward(y);
                taken.clear();
            }
            return x.getGradient().toFloatArray();
        }
    }

    // Frees every unreachable direct buffer, then takes freed memory back and writes 7.0 into it.
    private static List<ByteBuffer> reuseFreedDirectMemory() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
        }
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            taken.add(ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder()).putFloat(0, 7f));
        }
        return taken;
    }
}
