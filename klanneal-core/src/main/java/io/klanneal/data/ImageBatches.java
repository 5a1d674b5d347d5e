package io.klanneal.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.BatchSampler;
import ai.djl.training.dataset.RandomAccessDataset;
import ai.djl.training.dataset.Sampler;
import ai.djl.translate.Batchifier;
import io.klanneal.engine.RowGather;
import io.klanneal.train.EpochOrdered;
import io.klanneal.train.IndexedBatches;
import io.klanneal.train.RandomStreams;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Random;

/**
 * Images as a DJL {@link ArrayDataset} held on the engine (data only: a VAE's targets are its
 * inputs). Shuffled, the order of epoch k is one permutation drawn from stream (DATA_ORDER, k), so
 * it depends on nothing that ran before it, unlike DJL's {@code RandomSampler}, which draws from a
 * generator shared with everything else.
 */
public final class ImageBatches extends ArrayDataset implements EpochOrdered, IndexedBatches {

    private final EpochPermutation permutation;

    private ImageBatches(ArrayDataset.Builder builder, EpochPermutation permutation) {
        super(builder);
        this.permutation = permutation;
    }

    /** Batches in the images' own order (validation). */
    public static ImageBatches inOrder(NDManager manager, ImageData images, int batchSize) {
        return new ImageBatches(pixels(manager, images).setSampling(batchSize, false), null);
    }

    /** Batches in a new order every epoch, drawn from the run's streams (training). */
    public static ImageBatches shuffled(
            NDManager manager, ImageData images, int batchSize, RandomStreams streams) {
        EpochPermutation permutation = new EpochPermutation(streams);
        return new ImageBatches(
                pixels(manager, images).setSampling(new BatchSampler(permutation, batchSize, false)),
                permutation);
    }

    private static ArrayDataset.Builder pixels(NDManager manager, ImageData images) {
        return new ArrayDataset.Builder()
                .setData(manager.create(images.pixels(), new Shape(images.count(), images.dimensions())));
    }

    /** Returns the number of batches in one pass. */
    @Override
    public long batchesPerEpoch() {
        long batchSize = ((BatchSampler) sampler).getBatchSize();
        return (size() + batchSize - 1) / batchSize;
    }

    @Override
    public Batch batch(NDManager parent, long index) {
        long batchSize = ((BatchSampler) sampler).getBatchSize();
        long[] order = permutation == null ? null : permutation.order(size());
        long from = index * batchSize;
        long[] rows = new long[Math.toIntExact(Math.min(size(), from + batchSize) - from)];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = order == null ? from + i : order[Math.toIntExact(from + i)];
        }
        NDManager manager = parent.newSubManager();
        return new Batch(manager, new NDList(RowGather.rows(data[0], rows, manager)), new NDList(), rows.length,
                Batchifier.STACK, Batchifier.STACK, index, batchesPerEpoch());
    }

    /** A shuffled batch's rows, copied whole (DJL's own takes them element by element). */
    @Override
    public Batch getByIndices(NDManager manager, long... indices) {
        return new Batch(manager, new NDList(RowGather.rows(data[0], indices, manager)), new NDList(), indices.length,
                Batchifier.STACK, Batchifier.STACK, -1, -1);
    }

    @Override
    public void setEpoch(int epoch) {
        if (permutation != null) {
            permutation.epoch = epoch;
        }
    }

    /** A permutation of all examples, a function of the run's seed and the epoch alone. */
    private static final class EpochPermutation implements Sampler.SubSampler {
        private final RandomStreams streams;
        private int epoch;
        private int cachedEpoch;
        private long[] cached;

        EpochPermutation(RandomStreams streams) {
            this.streams = java.util.Objects.requireNonNull(streams);
        }

        @Override
        public Iterator<Long> sample(RandomAccessDataset dataset) {
            return Arrays.stream(order(dataset.size())).iterator();
        }

        // The epoch's order, kept for the epoch, which draws many batches by index when training
        // aggressively.
        long[] order(long size) {
            if (cached == null || cachedEpoch != epoch) {
                cached = draw(size);
                cachedEpoch = epoch;
            }
            return cached;
        }

        private long[] draw(long size) {
            long[] order = new long[Math.toIntExact(size)];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            Random random = streams.random(RandomStreams.Purpose.DATA_ORDER, epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                long t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            return order;
        }
    }
}
