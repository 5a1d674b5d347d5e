package io.klanneal.data;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.Batchifier;
import ai.djl.util.Progress;
import io.klanneal.train.EpochOrdered;
import io.klanneal.train.RandomStreams;
import java.util.Iterator;
import java.util.Random;

/**
 * Images as DJL batches (data only: a VAE's targets are its inputs). Shuffled, the order of epoch k
 * is one permutation drawn from stream (DATA_ORDER, k), so it depends on nothing that ran before;
 * each batch is gathered on the host and copied to the engine once.
 */
public final class ImageBatches implements Dataset, EpochOrdered {

    private final ImageData images;
    private final int batchSize;
    private final RandomStreams streams;
    private int epoch;

    private ImageBatches(ImageData images, int batchSize, RandomStreams streams) {
        this.images = images;
        this.batchSize = batchSize;
        this.streams = streams;
    }

    /** Batches in the images' own order (validation). */
    public static ImageBatches inOrder(ImageData images, int batchSize) {
        return new ImageBatches(images, batchSize, null);
    }

    /** Batches in a new order every epoch, drawn from the run's streams (training). */
    public static ImageBatches shuffled(ImageData images, int batchSize, RandomStreams streams) {
        return new ImageBatches(images, batchSize, java.util.Objects.requireNonNull(streams));
    }

    /** Returns the number of batches in one pass. */
    public long batchesPerEpoch() {
        return (images.count() + batchSize - 1) / batchSize;
    }

    @Override
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public Iterable<Batch> getData(NDManager manager) {
        int[] order = new int[images.count()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (streams != null) {
            Random random = streams.random(RandomStreams.Purpose.DATA_ORDER, epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        long total = batchesPerEpoch();
        return () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < total;
            }

            @Override
            public Batch next() {
                int index = next++;
                return batch(manager, order, index, total);
            }
        };
    }

    private Batch batch(NDManager parent, int[] order, int index, long total) {
        int from = index * batchSize;
        int size = Math.min(batchSize, order.length - from);
        int dims = images.dimensions();
        float[] pixels = new float[size * dims];
        for (int row = 0; row < size; row++) {
            System.arraycopy(images.pixels(), order[from + row] * dims, pixels, row * dims, dims);
        }
        NDManager manager = parent.newSubManager();
        NDList data = new NDList(manager.create(pixels, new Shape(size, dims)));
        return new Batch(manager, data, new NDList(), size, Batchifier.STACK, Batchifier.STACK, index, total);
    }

    @Override
    public void prepare(Progress progress) {
        // The images are already in memory.
    }
}
