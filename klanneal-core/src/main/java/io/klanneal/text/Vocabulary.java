package io.klanneal.text;

import io.klanneal.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Token ids, built from the training sentences and saved with the model so that validation,
 * evaluation and sampling use exactly the same ids. Ids 0-3 are {@code <pad>}, {@code <unk>},
 * {@code <s>} and {@code </s>}.
 */
public final class Vocabulary {

    public static final String PAD = "<pad>";
    public static final String UNK = "<unk>";
    public static final String BOS = "<s>";
    public static final String EOS = "</s>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;
    public static final int BOS_ID = 2;
    public static final int EOS_ID = 3;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        this.tokens = List.copyOf(tokens);
        ids = new HashMap<>();
        for (int i = 0; i < tokens.size(); i++) {
            ids.put(tokens.get(i), i);
        }
    }

    /**
     * Builds the vocabulary of a corpus: the most frequent tokens first (ties by first use).
     *
     * @param corpus the training sentences
     * @param maxSize the most tokens to keep, markers included (0: no limit)
     * @param minCount tokens seen fewer times become {@code <unk>}
     * @return the vocabulary
     */
    public static Vocabulary build(Corpus corpus, int maxSize, int minCount) {
        Map<String, Integer> counts = new HashMap<>();
        Map<String, Integer> firstUse = new HashMap<>();
        for (String[] sentence : corpus.sentences()) {
            for (String token : sentence) {
                counts.merge(token, 1, Integer::sum);
                firstUse.putIfAbsent(token, firstUse.size());
            }
        }
        List<String> tokens = new ArrayList<>(List.of(PAD, UNK, BOS, EOS));
        counts.keySet().stream()
                .filter(t -> !tokens.contains(t) && counts.get(t) >= minCount)
                .sorted(Comparator.comparing((String t) -> -counts.get(t))
                        .thenComparing(firstUse::get))
                .limit(maxSize > 0 ? Math.max(0, maxSize - 4) : Long.MAX_VALUE)
                .forEach(tokens::add);
        return new Vocabulary(tokens);
    }

    /** Returns the number of tokens, markers included. */
    public int size() {
        return tokens.size();
    }

    /** Returns a token's id, or {@link #UNK_ID} for a token not in the vocabulary. */
    public int id(String token) {
        return ids.getOrDefault(token, UNK_ID);
    }

    /** Returns the token with id {@code id}. */
    public String token(int id) {
        return tokens.get(id);
    }

    /**
     * Counts the words of a corpus that are not in the vocabulary and so read as {@code <unk>} (a
     * literal {@code <unk>} in the text is not counted: it was unknown before this vocabulary).
     *
     * @param corpus the sentences
     * @return the counts and the first few unknown words
     */
    public OutOfVocabulary outOfVocabulary(Corpus corpus) {
        long words = 0;
        long unknown = 0;
        java.util.Set<String> examples = new java.util.LinkedHashSet<>();
        for (String[] sentence : corpus.sentences()) {
            for (String word : sentence) {
                words++;
                if (!ids.containsKey(word) && !word.equals(UNK)) {
                    unknown++;
                    if (examples.size() < OutOfVocabulary.EXAMPLES) {
                        examples.add(word);
                    }
                }
            }
        }
        return new OutOfVocabulary(words, unknown, List.copyOf(examples));
    }

    /**
     * The words of some text that a vocabulary does not know.
     *
     * @param words the words counted
     * @param unknown those not in the vocabulary
     * @param examples the first few distinct unknown words
     */
    public record OutOfVocabulary(long words, long unknown, List<String> examples) {

        /** Above this share of unknown words a perplexity flatters the model, and klanneal warns. */
        public static final double WARNING_RATE = 0.05;

        static final int EXAMPLES = 5;

        /** Returns the share of unknown words, 0 for no words. */
        public double rate() {
            return words == 0 ? 0 : (double) unknown / words;
        }

        /**
         * Returns a warning when the share is above {@link #WARNING_RATE}, naming the text.
         *
         * @param text what was counted ("the held-out sentences")
         * @return the warning, or empty
         */
        public java.util.Optional<String> warning(String text) {
            if (rate() <= WARNING_RATE) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(String.format(
                    java.util.Locale.ROOT,
                    "%.1f%% of the words of %s (%d of %d) are not in the model's vocabulary and read as"
                            + " %s (%s%s): perplexity and reconstruction look better than the model is",
                    100 * rate(), text, unknown, words, UNK, String.join(", ", examples),
                    unknown > examples.size() ? ", ..." : ""));
        }
    }

    /**
     * Returns the ids of a sentence's tokens, without markers.
     *
     * @param sentence the tokens
     * @return their ids
     */
    public int[] encode(String[] sentence) {
        int[] encoded = new int[sentence.length];
        for (int i = 0; i < sentence.length; i++) {
            encoded[i] = id(sentence[i]);
        }
        return encoded;
    }

    /**
     * Writes one token per line, in id order.
     *
     * @param file the file
     * @throws IOException if writing fails
     */
    public void save(Path file) throws IOException {
        AtomicFiles.writeString(file, String.join("\n", tokens) + "\n");
    }

    /**
     * Reads a vocabulary written by {@link #save}.
     *
     * @param file the file
     * @return the vocabulary
     * @throws IOException naming the file when it is missing or does not start with the markers
     */
    public static Vocabulary load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException("no vocabulary at " + file + "; a saved text model has one");
        }
        List<String> tokens = Files.readAllLines(file);
        if (tokens.size() < 4 || !tokens.subList(0, 4).equals(List.of(PAD, UNK, BOS, EOS))) {
            throw new IOException(
                    "vocabulary " + file + " is corrupt: it must start with " + PAD + ", " + UNK
                            + ", " + BOS + ", " + EOS);
        }
        return new Vocabulary(tokens);
    }
}
