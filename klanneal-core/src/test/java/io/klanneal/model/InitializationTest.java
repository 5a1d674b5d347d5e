package io.klanneal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import io.klanneal.text.TextVae;
import io.klanneal.text.TextVaeSizes;
import io.klanneal.train.CategoricalLikelihood;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.VaeLoss;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The initial parameters a trainer leaves in place, for each choice. */
class InitializationTest {

    private static final int V = 2000;
    private static final int E = 64;
    private static final int H = 100;

    // The parameters of a text VAE right after the trainer initialized it, by name.
    private static Map<String, float[]> initialized(Initialization initialization) {
        Map<String, float[]> values = new LinkedHashMap<>();
        try (Model model = Model.newInstance("init")) {
            TextVae block = new TextVae(new TextVaeSizes(V, E, H, 8, 0.5f, 0f), 1);
            block.initializeAs(initialization);
            model.setBlock(block);
            try (Trainer trainer =
                    model.newTrainer(new DefaultTrainingConfig(new VaeLoss(new CategoricalLikelihood())))) {
                new RandomStreams(1).seedEngine(RandomStreams.Purpose.INITIALIZATION);
                trainer.initialize(new Shape(2, 4), new Shape(2, 5), new Shape(2));
                for (var pair : block.getParameters()) {
                    Parameter p = pair.getValue();
                    values.put(pair.getKey(), p.getArray().toFloatArray());
                }
            }
        }
        return values;
    }

    private static double std(float[] v) {
        double sum = 0;
        double squares = 0;
        for (float x : v) {
            sum += x;
            squares += x * x;
        }
        double mean = sum / v.length;
        return Math.sqrt(squares / v.length - mean * mean);
    }

    private static double maxAbs(float[] v) {
        double m = 0;
        for (float x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    @Test
    void pytorchInitializationGivesUnitEmbeddingsAndUniformWeightsAndBiases() {
        Map<String, float[]> p = initialized(Initialization.PYTORCH);
        assertEquals(1.0, std(p.get("embedding")), 0.02, "embeddings N(0, 1)");
        double bound = 1 / Math.sqrt(H);
        for (String name : p.keySet()) {
            if (name.equals("embedding")) {
                continue;
            }
            double m = maxAbs(p.get(name));
            assertTrue(m <= bound + 1e-6 && m > 0.5 * bound, name + ": max |w| " + m + ", bound " + bound);
        }
    }

    @Test
    void djlInitializationGivesHeNormalWeightsAndZeroBiases() {
        // DJL's default XavierInitializer is Gaussian with variance 2 / fan_in (He et al.), the
        // embedding included (fan_in = E): not the uniform Xavier its name suggests.
        Map<String, float[]> p = initialized(Initialization.DJL);
        assertEquals(Math.sqrt(2.0 / E), std(p.get("embedding")), 0.005);
        assertEquals(Math.sqrt(2.0 / H), std(p.get("01encoder_l_0_h2h_WEIGHT")), 0.005);
        assertEquals(Math.sqrt(2.0 / H), std(p.get("05output_weight")), 0.005);
        p.forEach((name, values) -> {
            if (name.toUpperCase(java.util.Locale.ROOT).endsWith("BIAS")) {
                assertEquals(0.0, maxAbs(values), name + " starts at zero");
            }
        });
    }
}
