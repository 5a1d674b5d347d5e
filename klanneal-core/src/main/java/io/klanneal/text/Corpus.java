package io.klanneal.text;

import io.klanneal.data.Splits;
import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Sentences of whitespace-separated tokens, one per line (the Penn Treebank convention of
 * Mikolov's {@code ptb.*.txt} files: {@code <unk>} already present, {@code N} for numbers).
 *
 * @param name where the sentences came from
 * @param sentences the tokens of each sentence
 * @param labels a class per sentence for plots (the toy set's sequence index), or null
 */
public record Corpus(String name, List<String[]> sentences, int[] labels) {

    /**
     * Reads a file; blank lines are skipped.
     *
     * @param file the file
     * @return the sentences
     * @throws IOException naming the file when it is missing, unreadable, empty or has no sentence
     */
    public static Corpus read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(
                    "no text file at " + file + ": give one sentence per line, tokens separated"
                            + " by spaces (e.g. Mikolov's ptb.train.txt)");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (MalformedInputException e) {
            throw new IOException("text file " + file + " is not UTF-8 text", e);
        }
        if (lines.isEmpty()) {
            throw new IOException("text file " + file + " is empty");
        }
        List<String[]> sentences = new ArrayList<>();
        for (String line : lines) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                sentences.add(trimmed.split("\\s+"));
            }
        }
        if (sentences.isEmpty()) {
            throw new IOException(
                    "text file " + file + " has no usable sentence (" + lines.size()
                            + " lines, all blank)");
        }
        return new Corpus(file.toString(), sentences, null);
    }

    /** Returns the sentences as {@link #read} reads them: one per line, tokens separated by spaces. */
    public String text() {
        StringBuilder text = new StringBuilder();
        sentences.forEach(s -> text.append(String.join(" ", s)).append('\n'));
        return text.toString();
    }

    /**
     * Returns the first {@code limit} sentences (all of them if there are fewer).
     *
     * @param limit the most sentences to keep
     * @return the sentences
     */
    public Corpus limit(int limit) {
        if (limit >= size()) {
            return this;
        }
        return new Corpus(name, sentences.subList(0, limit),
                labels == null ? null : java.util.Arrays.copyOf(labels, limit));
    }

    /**
     * Returns the sentences of at most {@code maxWords} words, in order.
     *
     * @param maxWords the most words a kept sentence has
     * @return the shorter sentences (this corpus when none is longer)
     */
    public Corpus withoutLongerThan(int maxWords) {
        List<String[]> kept = new ArrayList<>();
        List<Integer> keptLabels = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            if (sentences.get(i).length <= maxWords) {
                kept.add(sentences.get(i));
                if (labels != null) {
                    keptLabels.add(labels[i]);
                }
            }
        }
        if (kept.size() == size()) {
            return this;
        }
        return new Corpus(name, kept, labels == null ? null : keptLabels.stream().mapToInt(Integer::intValue).toArray());
    }

    /** Returns the number of sentences. */
    public int size() {
        return sentences.size();
    }

    /**
     * Splits off a seeded random held-out set.
     *
     * @param fraction the share held out, in (0, 1)
     * @param seed the seed; the same seed gives the same split
     * @return the remaining sentences for training and the held-out ones for validation
     */
    public Splits<Corpus> holdOut(double fraction, long seed) {
        if (!(fraction > 0 && fraction < 1)) {
            throw new IllegalArgumentException("held-out fraction must be in (0, 1), got " + fraction);
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(seed));
        int held = (int) Math.max(1, Math.round(size() * fraction));
        if (held >= size()) {
            throw new IllegalArgumentException(
                    name + " has " + io.klanneal.schedule.Counts.of(size(), "sentence") + ": too few to hold some out");
        }
        return new Splits<>(subset(order.subList(held, size()), "train"),
                subset(order.subList(0, held), "held-out"));
    }

    private Corpus subset(List<Integer> indices, String part) {
        List<String[]> kept = new ArrayList<>();
        int[] keptLabels = labels == null ? null : new int[indices.size()];
        for (int i = 0; i < indices.size(); i++) {
            kept.add(sentences.get(indices.get(i)));
            if (keptLabels != null) {
                keptLabels[i] = labels[indices.get(i)];
            }
        }
        return new Corpus(name + " (" + part + ")", kept, keptLabels);
    }
}
