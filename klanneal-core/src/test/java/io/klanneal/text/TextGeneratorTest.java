package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Decoding never emits the markers that are not words: {@code <pad>} and {@code <s>}. */
class TextGeneratorTest {

    // Vocabulary: <pad>, <unk>, <s>, </s>, w4, w5; the markers are by far the most likely.
    private static final float[] LOGITS = {50f, 0f, 60f, 1f, 2f, 0.5f};

    @Test
    void greedyDecodingSkipsPadAndStartMarkers() {
        assertEquals(4, TextGenerator.choose(LOGITS, 0, LOGITS.length, null));
    }

    @Test
    void samplingNeverDrawsPadOrStartMarkers() {
        Random random = new Random(3);
        for (int i = 0; i < 2000; i++) {
            int token = TextGenerator.choose(LOGITS, 0, LOGITS.length, random);
            assertNotEquals(Vocabulary.PAD_ID, token);
            assertNotEquals(Vocabulary.BOS_ID, token);
        }
    }
}
