package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import ai.djl.training.dataset.Batch;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.run.TrainConfig;
import io.klanneal.run.TrainRun;
import io.klanneal.train.CategoricalLikelihood;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextVaeTest {

    @TempDir Path dir;

    private Model model;
    private TextVae block;
    private ParameterStore store;
    private Vocabulary vocabulary;
    private Corpus corpus;

    @BeforeEach
    void build() {
        Engine.getInstance().setRandomSeed(11);
        corpus =
                new Corpus(
                        "test",
                        List.of(
                                "the cat sat on the mat".split(" "),
                                "a dog".split(" "),
                                "the dog sat".split(" "),
                                "cats and dogs and mats".split(" ")),
                        null);
        vocabulary = Vocabulary.build(corpus, 0, 1);
        model = Model.newInstance("text-test");
        block = new TextVae(new TextVaeSizes(vocabulary.size(), 8, 16, 3, 0.5f, 0.5f), Vocabulary.UNK_ID);
        model.setBlock(block);
        block.initialize(model.getNDManager(), DataType.FLOAT32,
                new Shape(2, 6), new Shape(2, 7), new Shape(2));
        store = new ParameterStore(model.getNDManager(), false);
    }

    @AfterEach
    void close() {
        model.close();
    }

    private Batch onlyBatch(NDManager manager, Corpus sentences) {
        SentenceBatches batches = SentenceBatches.inOrder(sentences, vocabulary, 8);
        return batches.getData(manager).iterator().next();
    }

    @Test
    void resettingTheDecoderRedrawsItsParametersAndKeepsTheEncoders() {
        java.util.Map<String, float[]> before = new java.util.HashMap<>();
        block.getParameters().forEach(p -> before.put(p.getKey(), p.getValue().getArray().toFloatArray()));
        block.resetDecoder(model.getNDManager());
        int changed = 0;
        for (var p : block.getParameters()) {
            boolean same = java.util.Arrays.equals(before.get(p.getKey()), p.getValue().getArray().toFloatArray());
            boolean decoder = p.getKey().matches("\\d*(decoder|output)_.*");
            if (decoder && !p.getKey().toLowerCase().endsWith("bias")) { // DJL starts biases at 0
                assertTrue(!same, p.getKey() + " is drawn afresh");
                changed++;
            } else if (!decoder) {
                assertTrue(same, p.getKey() + " is kept");
            }
        }
        assertTrue(changed >= 3, "the decoder LSTM's and output layer's weights: " + changed);
    }

    @Test
    void paddingChangesNeitherThePosteriorNorTheReconstruction() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch padded = onlyBatch(manager, corpus);
            Batch alone =
                    onlyBatch(manager, new Corpus("one", List.<String[]>of(corpus.sentences().get(1)), null));
            NDList p = block.encode(store, padded.getData().get(0), padded.getData().get(2), false);
            NDList a = block.encode(store, alone.getData().get(0), alone.getData().get(2), false);
            assertArrayEquals(a.get(0).toFloatArray(), p.get(0).get(1).expandDims(0).toFloatArray(), 1e-5f);

            NDArray z = manager.ones(new Shape(1, 3)).mul(0.3f);
            CategoricalLikelihood likelihood = new CategoricalLikelihood();
            float nllAlone =
                    likelihood.negativeLogLikelihood(
                            alone.getLabels(),
                            new NDList(block.decode(store, alone.getData().get(1), z, false)))
                            .getFloat();
            NDArray zs = z.repeat(0, 4);
            float nllPadded =
                    likelihood.negativeLogLikelihood(
                                    padded.getLabels(),
                                    new NDList(block.decode(store, padded.getData().get(1), zs, false)))
                            .toFloatArray()[1];
            assertEquals(nllAlone, nllPadded, 1e-4, "sentence 'a dog' padded to 6 words");
        }
    }

    @Test
    void dropoutAndWordDropoutActOnlyInTrainingPasses() {
        try (NDManager manager = NDManager.newBaseManager()) {
            Batch batch = onlyBatch(manager, corpus);
            NDArray input = batch.getData().get(1);
            NDArray z = manager.zeros(new Shape(4, 3));
            float[] eval1 = block.decode(store, input, z, false).toFloatArray();
            float[] eval2 = block.decode(store, input, z, false).toFloatArray();
            float[] train = block.decode(store, input, z, true).toFloatArray();
            assertArrayEquals(eval1, eval2, "evaluation passes are deterministic given z");
            assertFalse(java.util.Arrays.equals(eval1, train), "training passes drop units and words");
            float[] sampling = block.decodeSteps(store, input, z, null).get(0).toFloatArray();
            assertArrayEquals(eval1, sampling, 1e-5f, "generation decodes without dropout too");
        }
    }

    @Test
    void importanceWeightedNllWithOneSampleIsTheElboInExpectationAndFallsWithMoreSamples() {
        SentenceBatches sentences = SentenceBatches.inOrder(corpus, vocabulary, 4);
        double elbo = 0;
        double iw1 = 0;
        double iw50 = 0;
        int repeats = 200;
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int r = 0; r < repeats; r++) {
                elbo += TextEvaluation.evaluate(block, store, manager, sentences, 0, new java.util.Random(r)).elbo();
                iw1 += TextEvaluation.evaluate(block, store, manager, sentences, 1, new java.util.Random(r)).iwNll();
            }
            for (int r = 0; r < 4; r++) {
                iw50 += TextEvaluation.evaluate(block, store, manager, sentences, 50, new java.util.Random(r)).iwNll();
            }
        }
        elbo /= repeats;
        iw1 /= repeats;
        iw50 /= 4;
        assertEquals(elbo, iw1, 0.02 * elbo, "K = 1");
        assertTrue(iw50 < iw1, "K = 50 gives " + iw50 + ", K = 1 gives " + iw1);
    }

    @Test
    void perplexityIsTheExponentOfNatsPerPredictedToken() {
        TextDiagnostics d = new TextDiagnostics(2, 10, 8.0, 2.0, 0, 0, 1, 9.0);
        assertEquals(Math.exp(10.0 * 2 / 10), d.perplexity(), 1e-12);
        assertEquals(Math.exp(9.0 * 2 / 10), d.iwPerplexity(), 1e-12);
    }

    @Test
    void aSavedModelLoadsAndAVocabularyOfTheWrongSizeIsRefused() throws Exception {
        Path run = dir.resolve("toy");
        TrainRun.run(TrainConfig.builder().setOut(run).set(DataOptions.MODEL, "text")
                .set(OptimisationOptions.EPOCHS, 1).set(EvaluationOptions.IW_SAMPLES, 0).set(OutputOptions.PROGRESS, false).build());
        try (TextModelStore.Loaded loaded = TextModelStore.load(run)) {
            assertEquals(2, loaded.block().latent());
        }
        Path vocab = run.resolve("model/vocab.txt");
        List<String> lines = Files.readAllLines(vocab);
        Files.write(vocab, lines.subList(0, lines.size() - 1));
        Exception e = assertThrows(java.io.IOException.class, () -> TextModelStore.load(run));
        assertTrue(e.getMessage().contains("vocabulary mismatch"), e.getMessage());
        assertTrue(e.getMessage().contains(vocab.toString()), e.getMessage());
    }
}
