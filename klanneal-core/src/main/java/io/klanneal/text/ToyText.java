package io.klanneal.text;

import io.klanneal.data.Splits;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The embedded default for text: 10 distinct token sequences (small vocabulary, length 8-12) that an
 * LSTM decoder can memorise without looking at z, repeated many times. Each sentence is labelled
 * with its sequence, so latent plots can colour by it.
 */
public final class ToyText {

    /** The number of distinct sequences. */
    public static final int SEQUENCES = 10;

    private static final int VOCABULARY = 20;

    private ToyText() {}

    /**
     * Generates the toy set.
     *
     * @param seed the seed; the same seed gives the same sequences
     * @param copiesTrain copies of each sequence in the training set
     * @param copiesValidation copies of each sequence in the validation set
     * @return training and validation sentences
     */
    public static Splits<Corpus> generate(long seed, int copiesTrain, int copiesValidation) {
        Random random = new Random(seed);
        List<String[]> sequences = new ArrayList<>();
        while (sequences.size() < SEQUENCES) {
            String[] sequence = new String[8 + random.nextInt(5)];
            for (int i = 0; i < sequence.length; i++) {
                sequence[i] = "w" + random.nextInt(VOCABULARY);
            }
            if (sequences.stream().noneMatch(s -> java.util.Arrays.equals(s, sequence))) {
                sequences.add(sequence);
            }
        }
        return new Splits<>(copies(sequences, copiesTrain, "toy-train"),
                copies(sequences, copiesValidation, "toy-validation"));
    }

    private static Corpus copies(List<String[]> sequences, int copies, String name) {
        List<String[]> sentences = new ArrayList<>();
        int[] labels = new int[sequences.size() * copies];
        for (int c = 0; c < copies; c++) {
            for (int s = 0; s < sequences.size(); s++) {
                labels[sentences.size()] = s;
                sentences.add(sequences.get(s));
            }
        }
        return new Corpus(name, sentences, labels);
    }
}
