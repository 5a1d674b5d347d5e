package io.klanneal.report;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.util.ProgressBar;
import io.klanneal.train.TrainingHistory;
import java.util.Locale;

/**
 * One line per epoch, and on a terminal DJL's progress bar within it, showing the running loss, KL
 * and beta. The bar is redrawn about 50 times an epoch, not every step, and never into a log file
 * or a pipe, where its carriage returns would pile up.
 */
public final class ProgressListener extends TrainingListenerAdapter {

    private final TrainingHistory history;
    private final long stepsPerEpoch;
    private final int epochs;
    private final boolean terminal;
    private ProgressBar bar;

    /**
     * Creates the listener.
     *
     * @param history what training measures
     * @param stepsPerEpoch optimizer steps in one epoch
     * @param epochs the number of epochs
     */
    public ProgressListener(TrainingHistory history, long stepsPerEpoch, int epochs) {
        this(history, stepsPerEpoch, epochs, System.console() != null);
    }

    ProgressListener(TrainingHistory history, long stepsPerEpoch, int epochs, boolean terminal) {
        this.history = history;
        this.stepsPerEpoch = stepsPerEpoch;
        this.epochs = epochs;
        this.terminal = terminal;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        if (!terminal) {
            return;
        }
        // From the history, so that a resumed run shows where it stands.
        int epoch = history.epochs().size() + 1;
        long stepInEpoch = history.steps() - (epoch - 1) * stepsPerEpoch;
        if (bar == null) {
            bar = new ProgressBar("Epoch " + epoch + "/" + epochs, stepsPerEpoch);
        }
        if (stepInEpoch % Math.max(1, stepsPerEpoch / 50) != 0 && stepInEpoch != stepsPerEpoch) {
            return;
        }
        int last = history.steps() - 1;
        // DJL's bar counts from 0 (it shows progress + 1): given the 1-based step it reached 100% a
        // step early and did not redraw the last step, whose beta it then never showed.
        bar.update(
                stepInEpoch - 1,
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
    }
}
