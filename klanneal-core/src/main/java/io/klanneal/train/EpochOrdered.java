package io.klanneal.train;

/**
 * A training set whose order is a function of the epoch alone (like PyTorch's {@code
 * DistributedSampler.set_epoch}): the loop says which epoch comes next, and the order does not
 * depend on how many epochs were iterated before, so a resumed run sees the same order.
 */
public interface EpochOrdered {

    /**
     * Sets the 0-based epoch whose order the next iteration yields.
     *
     * @param epoch the epoch
     */
    void setEpoch(int epoch);
}
