package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;
import io.klanneal.data.Splits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextDataTest {

    @TempDir Path dir;

    private Corpus corpus(String... lines) throws IOException {
        Path file = dir.resolve("corpus.txt");
        Files.write(file, List.of(lines));
        return Corpus.read(file);
    }

    @Test
    void vocabularyPutsMarkersFirstThenWordsByFrequency() throws IOException {
        Vocabulary v = Vocabulary.build(corpus("b a a", "c a b", "<unk> d"), 0, 1);
        assertEquals(List.of("<pad>", "<unk>", "<s>", "</s>", "a", "b", "c", "d"),
                List.of(v.token(0), v.token(1), v.token(2), v.token(3), v.token(4), v.token(5),
                        v.token(6), v.token(7)));
        assertEquals(Vocabulary.UNK_ID, v.id("<unk>"), "PTB's own <unk> maps to the marker");
        assertEquals(Vocabulary.UNK_ID, v.id("never-seen"));
    }

    @Test
    void vocabularyHonoursMinCountAndMaxSize() throws IOException {
        Corpus c = corpus("b a a", "c a b");
        assertEquals(6, Vocabulary.build(c, 0, 2).size(), "c occurs once");
        assertEquals(5, Vocabulary.build(c, 5, 1).size(), "four markers and the top word");
    }

    @Test
    void vocabularyRoundTripsAndRejectsAFileWithoutMarkers() throws IOException {
        Vocabulary v = Vocabulary.build(corpus("x y z"), 0, 1);
        Path file = dir.resolve("vocab.txt");
        v.save(file);
        Vocabulary loaded = Vocabulary.load(file);
        assertEquals(v.size(), loaded.size());
        assertEquals(v.id("y"), loaded.id("y"));
        Files.writeString(file, "x\ny\n");
        IOException e = assertThrows(IOException.class, () -> Vocabulary.load(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }

    @Test
    void emptyBlankAndMissingFilesAreNamed() throws IOException {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        Path blank = Files.writeString(dir.resolve("blank.txt"), "\n   \n\t\n");
        Path missing = dir.resolve("missing.txt");
        assertMessage(empty, "is empty");
        assertMessage(blank, "has no usable sentence");
        assertMessage(missing, "no text file at");
    }

    private static void assertMessage(Path file, String expected) {
        IOException e = assertThrows(IOException.class, () -> Corpus.read(file));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void heldOutSplitIsSeededAndDisjoint() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            lines.add("sentence " + i);
        }
        Corpus c = corpus(lines.toArray(new String[0]));
        Splits<Corpus> a = c.holdOut(0.1, 7);
        Splits<Corpus> b = c.holdOut(0.1, 7);
        assertEquals(90, a.train().size());
        assertEquals(10, a.validation().size());
        assertArrayEquals(a.validation().sentences().get(0), b.validation().sentences().get(0));
        Set<String> train = new HashSet<>();
        a.train().sentences().forEach(s -> train.add(String.join(" ", s)));
        a.validation().sentences().forEach(s -> assertTrue(!train.contains(String.join(" ", s))));
    }

    @Test
    void batchesShiftTheDecoderInputAndMaskOnlyPadding() throws IOException {
        Corpus c = corpus("a b c", "a");
        Vocabulary v = Vocabulary.build(c, 0, 1);
        SentenceBatches batches = SentenceBatches.inOrder(c, v, 2);
        assertEquals(6, batches.predictedTokens(), "3 + 1 words and 2 end markers");
        try (NDManager manager = NDManager.newBaseManager()) {
            for (Batch batch : batches.getData(manager)) {
                NDList data = batch.getData();
                NDList labels = batch.getLabels();
                int a = v.id("a");
                int b = v.id("b");
                int cId = v.id("c");
                assertArrayEquals(new long[] {a, b, cId, a, 0, 0}, data.get(0).toLongArray());
                assertArrayEquals(new long[] {Vocabulary.BOS_ID, a, b, cId, Vocabulary.BOS_ID, a, 0, 0},
                        data.get(1).toLongArray());
                assertArrayEquals(new long[] {3, 1}, data.get(2).toLongArray());
                assertArrayEquals(new long[] {a, b, cId, Vocabulary.EOS_ID, a, Vocabulary.EOS_ID, 0, 0},
                        labels.get(0).toLongArray());
                assertArrayEquals(new float[] {1, 1, 1, 1, 1, 1, 0, 0}, labels.get(1).toFloatArray());
                batch.close();
            }
        }
    }

    @Test
    void shuffledEpochsCoverEverySentenceOnceAndGroupSimilarLengths() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            lines.add("w ".repeat(1 + i % 16).strip() + " s" + i);
        }
        Corpus c = corpus(lines.toArray(new String[0]));
        SentenceBatches batches = SentenceBatches.shuffled(c, Vocabulary.build(c, 0, 1), 8, new io.klanneal.train.RandomStreams(3));
        assertEquals(8, batches.batchesPerEpoch());
        try (NDManager manager = NDManager.newBaseManager()) {
            int sentences = 0;
            long padding = 0;
            for (Batch batch : batches.getData(manager)) {
                sentences += batch.getSize();
                float[] mask = batch.getLabels().get(1).toFloatArray();
                for (float m : mask) {
                    padding += m == 0 ? 1 : 0;
                }
                batch.close();
            }
            assertEquals(64, sentences);
            // Unsorted batches of lengths 2..17 would pad about half of each batch.
            assertTrue(padding < 64, "padded positions: " + padding);
        }
    }

    @Test
    void limitKeepsTheFirstSentencesAndTheirLabels() {
        Corpus toy = ToyText.generate(1, 3, 1).train();
        Corpus first = toy.limit(12);
        assertEquals(12, first.size());
        assertArrayEquals(toy.sentences().get(11), first.sentences().get(11));
        assertEquals(toy.labels()[11], first.labels()[11]);
        assertEquals(toy, toy.limit(1000), "a limit above the size keeps the corpus");
    }

    @Test
    void toySetHasTenDistinctLabelledSequences() {
        Splits<Corpus> toy = ToyText.generate(1, 5, 2);
        assertEquals(50, toy.train().size());
        assertEquals(20, toy.validation().size());
        Set<String> distinct = new HashSet<>();
        toy.train().sentences().forEach(s -> distinct.add(String.join(" ", s)));
        assertEquals(10, distinct.size());
        assertEquals(3, toy.validation().labels()[13]);
    }
}
