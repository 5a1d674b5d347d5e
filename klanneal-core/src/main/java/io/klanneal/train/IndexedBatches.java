package io.klanneal.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.dataset.Batch;

/**
 * Training data that builds any batch of the current epoch's order on demand, as iterating it
 * would yield it: aggressive inference training ({@link AggressiveInference}) draws its extra
 * encoder batches from it at random.
 */
public interface IndexedBatches {

    /** Returns the number of batches in one pass. */
    long batchesPerEpoch();

    /**
     * Builds one batch of the current epoch's order.
     *
     * @param manager the manager its arrays belong to (closed with the batch)
     * @param index 0-based, below {@link #batchesPerEpoch()}
     * @return the batch, for the caller to close
     */
    Batch batch(NDManager manager, long index);
}
