package io.klanneal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.klanneal.dense.DenseVae;
import io.klanneal.text.TextVae;
import io.klanneal.text.TextVaeSizes;
import org.junit.jupiter.api.Test;

/** BN-VAE's posterior means have the configured per-dimension scale, in the block and in both built-in models. */
class PosteriorMeanNormTest {

    private static final float GAMMA = 0.6f;

    // Each dimension's mean and population standard deviation over the batch.
    private static void assertScaled(NDArray means, float shift) {
        float[] values = means.toFloatArray();
        int latent = (int) means.getShape().get(1);
        int batch = values.length / latent;
        for (int d = 0; d < latent; d++) {
            double sum = 0;
            double squares = 0;
            for (int i = 0; i < batch; i++) {
                sum += values[i * latent + d];
            }
            double mean = sum / batch;
            for (int i = 0; i < batch; i++) {
                squares += Math.pow(values[i * latent + d] - mean, 2);
            }
            assertEquals(shift, mean, 1e-4, "dimension " + d + "'s mean is the shift");
            assertEquals(GAMMA, Math.sqrt(squares / batch), 1e-3, "dimension " + d + "'s spread is gamma");
        }
    }

    @Test
    void inTrainingEachDimensionOfTheMeansHasTheShiftAsMeanAndGammaAsSpreadWhateverItsInput() {
        Engine.getInstance().setRandomSeed(3);
        try (NDManager manager = NDManager.newBaseManager()) {
            PosteriorMeanNorm norm = new PosteriorMeanNorm(4, GAMMA);
            norm.initialize(manager, DataType.FLOAT32, new Shape(256, 4));
            // Dimensions of very different location and spread, as an encoder's may be (not far below
            // batch normalisation's epsilon, 1e-5, in variance, which would shrink them).
            NDArray input = manager.randomNormal(new Shape(256, 4)).mul(manager.create(new float[] {0.1f, 1, 30, 500}))
                    .add(manager.create(new float[] {-3, 0, 7, 100}));
            ParameterStore store = new ParameterStore(manager, false);
            assertScaled(norm.forward(store, new NDList(input), true).head(), 0f);
            norm.getParameters().get("shift").getArray().set(new float[] {0.25f, 0.25f, 0.25f, 0.25f});
            assertScaled(norm.forward(store, new NDList(input), true).head(), 0.25f);
        }
        assertThrows(IllegalArgumentException.class, () -> new PosteriorMeanNorm(4, 0f));
    }

    @Test
    void bothBuiltInModelsNormaliseTheMeansTheirEncodersGive() {
        Engine.getInstance().setRandomSeed(4);
        try (NDManager manager = NDManager.newBaseManager()) {
            ParameterStore store = new ParameterStore(manager, false);
            DenseVae dense = new DenseVae(12, 16, 3);
            dense.normalizeMeans(GAMMA);
            dense.initialize(manager, DataType.FLOAT32, new Shape(128, 12));
            assertScaled(dense.encode(store, manager.randomUniform(0, 1, new Shape(128, 12)), true).get(0), 0f);

            TextVae text = new TextVae(new TextVaeSizes(20, 8, 16, 3, 0f, 0f, GAMMA), 1);
            text.initialize(manager, DataType.FLOAT32, new Shape(1, 1), new Shape(1, 2), new Shape(1));
            NDArray tokens = manager.randomInteger(4, 20, new Shape(128, 6), DataType.INT32);
            NDArray lengths = manager.full(new Shape(128), 6, DataType.INT32);
            assertScaled(text.encode(store, tokens, lengths, true).get(0), 0f);
        }
    }
}
