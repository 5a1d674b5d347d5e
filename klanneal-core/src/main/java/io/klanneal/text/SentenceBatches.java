package io.klanneal.text;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.klanneal.train.EpochOrdered;
import io.klanneal.train.IndexedBatches;
import io.klanneal.train.RandomStreams;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Sentences as DJL batches, grouped by similar length so that little is padded. Shuffled, each
 * epoch's order is drawn from that epoch's own stream ({@link RandomStreams.Purpose#DATA_ORDER}):
 * sentences are shuffled, sorted by length within windows of 50 batches, cut into batches, and the
 * batches shuffled. In order, batches follow the corpus, so the i-th example of the pass is
 * sentence i (see {@link #label}).
 *
 * <p>Batch data: {@code (encoder tokens (B, L), decoder input (B, L+1), lengths (B))}; labels:
 * {@code (targets (B, L+1), mask (B, L+1))}. The decoder input is {@code <s> w1 .. wn}, the target
 * {@code w1 .. wn </s>}; the mask is 1 on the n+1 real positions and 0 on padding, so padding
 * enters no loss and no metric.
 */
public final class SentenceBatches implements Dataset, EpochOrdered, IndexedBatches {

    private static final int SORT_WINDOW_BATCHES = 50;

    private final List<int[]> sentences;
    private final int[] labels;
    private final int batchSize;
    private final RandomStreams streams;
    private int epoch;
    private int cachedEpoch;
    private List<List<Integer>> cached;

    private SentenceBatches(
            Corpus corpus, Vocabulary vocabulary, int batchSize, RandomStreams streams) {
        sentences = new ArrayList<>();
        for (String[] sentence : corpus.sentences()) {
            sentences.add(vocabulary.encode(sentence));
        }
        labels = corpus.labels();
        this.batchSize = batchSize;
        this.streams = streams;
    }

    /**
     * Encodes a corpus to be read in its own order (validation, evaluation).
     *
     * @param corpus the sentences
     * @param vocabulary maps tokens to ids
     * @param batchSize sentences per batch
     * @return the batches
     */
    public static SentenceBatches inOrder(Corpus corpus, Vocabulary vocabulary, int batchSize) {
        return new SentenceBatches(corpus, vocabulary, batchSize, null);
    }

    /**
     * Encodes a corpus to be read in a new order every epoch (training).
     *
     * @param corpus the sentences
     * @param vocabulary maps tokens to ids
     * @param batchSize sentences per batch
     * @param streams the run's random streams; the order of epoch k is drawn from stream
     *     (DATA_ORDER, k)
     * @return the batches
     */
    public static SentenceBatches shuffled(
            Corpus corpus, Vocabulary vocabulary, int batchSize, RandomStreams streams) {
        return new SentenceBatches(corpus, vocabulary, batchSize, java.util.Objects.requireNonNull(streams));
    }

    @Override
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    /** Returns the number of sentences. */
    public int size() {
        return sentences.size();
    }

    /** Returns the number of batches in one pass. */
    public long batchesPerEpoch() {
        return (sentences.size() + batchSize - 1) / batchSize;
    }

    /** Returns the number of predicted tokens in one pass: every word and each end marker. */
    public long predictedTokens() {
        long tokens = 0;
        for (int[] sentence : sentences) {
            tokens += sentence.length + 1;
        }
        return tokens;
    }

    /** Returns the label of sentence {@code i}, or -1 without labels. */
    public int label(int i) {
        return labels == null ? -1 : labels[i];
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        return batches(manager, epochBatches());
    }

    @Override
    public Batch batch(NDManager manager, long index) {
        List<List<Integer>> chunks = epochBatches();
        return batch(manager, chunks.get(Math.toIntExact(index)), index, chunks.size());
    }

    // The sentences of each batch of the current epoch, in the epoch's order; kept for the epoch,
    // which draws many batches by index when training aggressively.
    private List<List<Integer>> epochBatches() {
        if (cachedEpoch != epoch || cached == null) {
            cached = drawBatches();
            cachedEpoch = epoch;
        }
        return cached;
    }

    private List<List<Integer>> drawBatches() {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < sentences.size(); i++) {
            order.add(i);
        }
        if (streams == null) {
            return chunk(order);
        }
        Random random = streams.random(RandomStreams.Purpose.DATA_ORDER, epoch);
        Collections.shuffle(order, random);
        int window = batchSize * SORT_WINDOW_BATCHES;
        for (int from = 0; from < order.size(); from += window) {
            order.subList(from, Math.min(order.size(), from + window))
                    .sort(Comparator.comparingInt(i -> sentences.get(i).length));
        }
        List<List<Integer>> chunks = chunk(order);
        Collections.shuffle(chunks, random);
        return chunks;
    }

    private List<List<Integer>> chunk(List<Integer> order) {
        List<List<Integer>> chunks = new ArrayList<>();
        for (int from = 0; from < order.size(); from += batchSize) {
            chunks.add(new ArrayList<>(order.subList(from, Math.min(order.size(), from + batchSize))));
        }
        return chunks;
    }

    private Iterable<Batch> batches(NDManager manager, List<List<Integer>> chunks) {
        return () ->
                new java.util.Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < chunks.size();
                    }

                    @Override
                    public Batch next() {
                        int index = next++;
                        return batch(manager, chunks.get(index), index, chunks.size());
                    }
                };
    }

    private Batch batch(NDManager parent, List<Integer> indices, long progress, long total) {
        int b = indices.size();
        int longest = 0;
        for (int i : indices) {
            longest = Math.max(longest, sentences.get(i).length);
        }
        int steps = longest + 1;
        long[] encoder = new long[b * longest];
        long[] decoderInput = new long[b * steps];
        long[] targets = new long[b * steps];
        float[] mask = new float[b * steps];
        long[] lengths = new long[b];
        for (int row = 0; row < b; row++) {
            int[] sentence = sentences.get(indices.get(row));
            lengths[row] = sentence.length;
            decoderInput[row * steps] = Vocabulary.BOS_ID;
            for (int t = 0; t < sentence.length; t++) {
                encoder[row * longest + t] = sentence[t];
                decoderInput[row * steps + t + 1] = sentence[t];
                targets[row * steps + t] = sentence[t];
                mask[row * steps + t] = 1f;
            }
            targets[row * steps + sentence.length] = Vocabulary.EOS_ID;
            mask[row * steps + sentence.length] = 1f;
        }
        NDManager manager = parent.newSubManager();
        NDList data =
                new NDList(
                        manager.create(encoder, new Shape(b, longest)),
                        manager.create(decoderInput, new Shape(b, steps)),
                        manager.create(lengths, new Shape(b)));
        NDList labelArrays =
                new NDList(
                        manager.create(targets, new Shape(b, steps)),
                        engineOwned(manager.create(mask, new Shape(b, steps))));
        return new Batch(
                manager, data, labelArrays, b, Batchifier.STACK, Batchifier.STACK, progress, total);
    }

    // DJL wraps a Java array's copy in a direct buffer that the tensor aliases; its address, and so
    // the vectorised sums over it, depend on what the process allocated before (file writes of a
    // checkpoint among them). The engine's own copy is 64-byte aligned, whatever ran before.
    private static NDArray engineOwned(NDArray wrapped) {
        NDArray copy = wrapped.duplicate();
        wrapped.close();
        return copy;
    }

    @Override
    public void prepare(Progress progress) {
        // Everything is encoded in the constructor.
    }
}
