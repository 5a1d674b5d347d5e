package io.klanneal.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.text.TextVae;
import io.klanneal.text.TextVaeSizes;
import io.klanneal.train.CategoricalLikelihood;
import io.klanneal.train.VaeLoss;
import java.io.InputStream;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * klanneal's text VAE and loss against the PyTorch reference ({@code ../shared/reference/text_vae.py}):
 * with the same weights, batch and noise, the loss terms and the gradient of every parameter agree
 * to float precision. The fixture comes from {@code tools/gradient_parity.py} (PyTorch 1.13, double
 * precision); the encoder reads the words without the end marker, as klanneal's does.
 */
class GradientParityTest {

    private static final double TOLERANCE = 2e-5;

    @Test
    void lossTermsAndEveryGradientMatchThePyTorchReference() throws Exception {
        JsonNode fixture;
        try (InputStream in = getClass().getResourceAsStream("gradient-parity.json")) {
            fixture = new ObjectMapper().readTree(in);
        }
        JsonNode sizes = fixture.get("sizes");
        TextVae block =
                new TextVae(
                        new TextVaeSizes(
                                sizes.get("vocabulary").asInt(),
                                sizes.get("embedding").asInt(),
                                sizes.get("hidden").asInt(),
                                sizes.get("latent").asInt(),
                                0f,
                                0f),
                        1);
        VaeLoss loss = new VaeLoss(new CategoricalLikelihood());
        try (Model model = Model.newInstance("parity")) {
            model.setBlock(block);
            try (Trainer trainer = model.newTrainer(new DefaultTrainingConfig(loss))) {
                NDManager manager = trainer.getManager();
                NDArray encoder = longs(manager, fixture.get("encoder"));
                NDArray decoderInput = longs(manager, fixture.get("decoder_input"));
                NDArray targets = longs(manager, fixture.get("targets"));
                NDArray lengths = longs(manager, fixture.get("lengths"));
                NDArray mask = floats(manager, fixture.get("mask"));
                NDArray eps = floats(manager, fixture.get("eps"));
                trainer.initialize(encoder.getShape(), decoderInput.getShape(), lengths.getShape());
                Set<String> set = new HashSet<>();
                for (var pair : block.getParameters()) {
                    JsonNode weights = fixture.get("weights").get(pair.getKey());
                    NDArray array = pair.getValue().getArray();
                    array.set(values(weights));
                    set.add(pair.getKey());
                }
                assertEquals(13, set.size(), "every parameter of the reference is set");

                ParameterStore store = new ParameterStore(manager, false);
                VaeLoss.Terms terms;
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDList posterior = block.encode(store, encoder, lengths, true);
                    NDArray mean = posterior.get(0);
                    NDArray logVar = posterior.get(1);
                    NDArray z = mean.add(logVar.mul(0.5f).exp().mul(eps));
                    NDArray logits = block.decode(store, decoderInput, z, true);
                    terms = loss.terms(new NDList(targets, mask), new NDList(logits, mean, logVar));
                    collector.backward(terms.weighted(1f).mean());
                }
                assertClose("reconstruction", fixture.get("reconstruction"), terms.reconstruction().toFloatArray());
                assertClose("kl", fixture.get("kl"), terms.kl().toFloatArray());
                for (var pair : block.getParameters()) {
                    Parameter parameter = pair.getValue();
                    assertClose(pair.getKey() + " gradient", fixture.get("gradients").get(pair.getKey()),
                            parameter.getArray().getGradient().toFloatArray());
                }
            }
        }
    }

    private static void assertClose(String what, JsonNode expected, float[] actual) {
        assertEquals(expected.size(), actual.length, what + " size");
        double scale = 0;
        for (JsonNode e : expected) {
            scale = Math.max(scale, Math.abs(e.asDouble()));
        }
        for (int i = 0; i < actual.length; i++) {
            double difference = Math.abs(expected.get(i).asDouble() - actual[i]);
            assertTrue(difference <= TOLERANCE * Math.max(1, scale),
                    what + "[" + i + "]: reference " + expected.get(i).asDouble() + ", klanneal " + actual[i]);
        }
    }

    private static float[] values(JsonNode array) {
        float[] v = new float[array.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) array.get(i).asDouble();
        }
        return v;
    }

    private static NDArray floats(NDManager manager, JsonNode rows) {
        int columns = rows.get(0).size();
        float[] v = new float[rows.size() * columns];
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < columns; c++) {
                v[r * columns + c] = (float) rows.get(r).get(c).asDouble();
            }
        }
        return manager.create(v, new Shape(rows.size(), columns));
    }

    private static NDArray longs(NDManager manager, JsonNode node) {
        if (!node.get(0).isArray()) {
            long[] v = new long[node.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = node.get(i).asLong();
            }
            return manager.create(v);
        }
        return floats(manager, node).toType(DataType.INT64, false);
    }
}
