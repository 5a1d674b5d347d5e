package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.util.ProgressBar;
import io.klanneal.train.TrainingHistory;
import java.util.Locale;

/**
 * DJL's console progress bar per epoch, showing the running loss, KL and beta. It is redrawn about
 * 50 times an epoch, not every step: drawing costs time and floods logs that are not terminals.
 */
public final class ProgressListener extends TrainingListenerAdapter {

    private final TrainingHistory history;
    private final long stepsPerEpoch;
    private final int epochs;
    private ProgressBar bar;
    private int epoch = 1;
    private long stepInEpoch;

    /**
     * Creates the listener.
     *
     * @param history what training measures
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param epochs the number of epochs
     */
    public ProgressListener(TrainingHistory history, long stepsPerEpoch, int epochs) {
        this.history = history;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochs = epochs;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (bar == null) {
            bar = new ProgressBar("Epoch " + epoch + "/" + epochs, stepsPerEpoch);
        }
        stepInEpoch++;
        if (stepInEpoch % Math.max(1, stepsPerEpoch / 50) != 0 && stepInEpoch != stepsPerEpoch) {
            return;
        }
        int last = history.steps() - 1;
        bar.update(
                stepInEpoch,
                String.format(
                        Locale.ROOT,
                        "loss %.2f, KL %.3f, beta %.3f",
                        history.loss(last),
                        history.kl(last),
                        history.beta(last)));
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (bar != null) {
            bar.end();
        }
        history.epochs().stream()
                .reduce((a, b) -> b)
                .ifPresent(
                        e ->
                                System.out.printf(
                                        Locale.ROOT,
                                        "epoch %d: beta %.4f | train rec %.3f KL %.3f -ELBO %.3f"
                                                + " | validation rec %.3f KL %.3f -ELBO %.3f | %.1f s%n",
                                        e.epoch(),
                                        e.lastBeta(),
                                        e.train().reconstruction(),
                                        e.train().kl(),
                                        e.train().elbo(),
                                        e.validation() == null ? Double.NaN : e.validation().reconstruction(),
                                        e.validation() == null ? Double.NaN : e.validation().kl(),
                                        e.validation() == null ? Double.NaN : e.validation().elbo(),
                                        e.seconds()));
        bar = null;
        stepInEpoch = 0;
        epoch++;
    }
}
