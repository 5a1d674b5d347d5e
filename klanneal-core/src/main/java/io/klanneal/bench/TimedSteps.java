package io.klanneal.bench;

import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.translate.TranslateException;
import io.klanneal.train.EpochOrdered;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeTraining;
import java.io.IOException;
import java.util.Arrays;

/**
 * The benchmarks' loop: untimed warm-up steps, then timed training steps through klanneal's loop
 * (a step reseeds the engine as in a run).
 */
final class TimedSteps {

    private TimedSteps() {}

    /**
     * Trains for {@code warmupSteps + timedSteps} steps, cycling through the data.
     *
     * @param trainer a trainer whose loss is a VaeLoss
     * @param data the training data
     * @param warmupSteps untimed steps first
     * @param timedSteps timed steps
     * @param atTimingStart runs once, right before the first timed step
     * @return the wall time of the timed steps
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be built
     */
    static Timing run(
            Trainer trainer, Dataset data, int warmupSteps, int timedSteps, Runnable atTimingStart)
            throws IOException, TranslateException {
        TrainingHistory history = new TrainingHistory(0);
        RandomStreams streams = new RandomStreams(1);
        int totalSteps = warmupSteps + timedSteps;
        int step = 0;
        int epoch = 0;
        long start = 0;
        long[] stepNanos = new long[timedSteps];
        while (step < totalSteps) {
            if (data instanceof EpochOrdered ordered) {
                ordered.setEpoch(epoch++);
            }
            for (Batch batch : trainer.iterateDataset(data)) {
                if (step == warmupSteps) {
                    atTimingStart.run();
                    start = System.nanoTime();
                }
                long stepStart = System.nanoTime();
                try {
                    VaeTraining.trainStep(trainer, batch, history, streams);
                } finally {
                    batch.close();
                }
                if (step >= warmupSteps) {
                    stepNanos[step - warmupSteps] = System.nanoTime() - stepStart;
                }
                if (++step == totalSteps) {
                    break;
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Arrays.sort(stepNanos);
        return new Timing(seconds, stepNanos[timedSteps / 2] / 1e6);
    }

    /**
     * The wall time of the timed steps.
     *
     * @param seconds all of them, loading the batches included
     * @param medianMsPerStep the median step, in milliseconds: on a shared machine, less moved by
     *     other processes' bursts than the mean
     */
    record Timing(double seconds, double medianMsPerStep) {}

    /** Returns PyTorch's intra-op thread count. */
    static int torchThreads() {
        return io.klanneal.engine.PyTorch.threads();
    }
}
