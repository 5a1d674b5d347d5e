package io.klanneal.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.klanneal.data.ImageBatches;
import io.klanneal.data.ImageData;
import io.klanneal.text.Corpus;
import io.klanneal.text.SentenceBatches;
import io.klanneal.text.Vocabulary;
import io.klanneal.train.RandomStreams.Purpose;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RandomStreamsTest {

    @Test
    void everyBitOfTheSeedAndEveryPurposeAndIndexGiveAnotherStream() {
        long seed = 7;
        long upperBitOnly = 7 + (1L << 40);
        assertNotEquals(new RandomStreams(seed).seed(Purpose.TRAINING_STEP, 0),
                new RandomStreams(upperBitOnly).seed(Purpose.TRAINING_STEP, 0), "bit 40 of the seed matters");
        RandomStreams streams = new RandomStreams(seed);
        assertNotEquals(streams.seed(Purpose.DATA_ORDER, 1), streams.seed(Purpose.VALIDATION, 1));
        assertNotEquals(streams.seed(Purpose.DATA_ORDER, 1), streams.seed(Purpose.DATA_ORDER, 2));
        assertNotEquals(streams.seed(Purpose.TRAINING_STEP, 1, 2), streams.seed(Purpose.TRAINING_STEP, 2, 1));
        assertEquals(streams.seed(Purpose.DIAGNOSTICS, 3), new RandomStreams(seed).seed(Purpose.DIAGNOSTICS, 3),
                "a stream is a function of (seed, purpose, indices) alone");
    }

    @Test
    void theSentenceOrderOfAnEpochDependsOnlyOnTheEpoch() {
        List<String[]> sentences = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            sentences.add(("w" + i + " x".repeat(1 + i % 7)).split(" "));
        }
        Corpus corpus = new Corpus("c", sentences, null);
        Vocabulary vocabulary = Vocabulary.build(corpus, 0, 1);
        SentenceBatches straight = SentenceBatches.shuffled(corpus, vocabulary, 4, new RandomStreams(3));
        SentenceBatches walked = SentenceBatches.shuffled(corpus, vocabulary, 4, new RandomStreams(3));
        try (NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch < 3; epoch++) {
                walked.setEpoch(epoch);
                firstTokens(walked, manager);
            }
            walked.setEpoch(3);
            straight.setEpoch(3);
            assertEquals(firstTokens(straight, manager), firstTokens(walked, manager));
            straight.setEpoch(4);
            assertNotEquals(firstTokens(straight, manager), firstTokens(walked, manager));
        }
    }

    @Test
    void theImageOrderOfAnEpochDependsOnlyOnTheEpoch() throws Exception {
        float[] pixels = new float[50 * 4];
        for (int i = 0; i < 50; i++) {
            pixels[i * 4] = i;
        }
        ImageData images = new ImageData("i", pixels, 50, 2, 2);
        try (NDManager manager = NDManager.newBaseManager()) {
            ImageBatches straight = ImageBatches.shuffled(manager, images, 8, new RandomStreams(5));
            ImageBatches walked = ImageBatches.shuffled(manager, images, 8, new RandomStreams(5));
            walked.setEpoch(0);
            List<Float> epoch0 = firstPixels(walked, manager);
            assertEquals(50, epoch0.size(), "every image once");
            assertEquals(50, epoch0.stream().distinct().count());
            walked.setEpoch(1);
            firstPixels(walked, manager);
            walked.setEpoch(2);
            straight.setEpoch(2);
            assertEquals(firstPixels(straight, manager), firstPixels(walked, manager));
            assertNotEquals(epoch0, firstPixels(straight, manager));
        }
    }

    private static List<Float> firstTokens(SentenceBatches batches, NDManager manager) {
        List<Float> tokens = new ArrayList<>();
        for (Batch batch : batches.getData(manager)) {
            for (long t : batch.getData().get(0).get(":, 0").toLongArray()) {
                tokens.add((float) t);
            }
            batch.close();
        }
        return tokens;
    }

    private static List<Float> firstPixels(ImageBatches batches, NDManager manager) throws Exception {
        List<Float> firsts = new ArrayList<>();
        for (Batch batch : batches.getData(manager)) {
            for (float p : batch.getData().head().get(":, 0").toFloatArray()) {
                firsts.add(p);
            }
            batch.close();
        }
        return firsts;
    }
}
