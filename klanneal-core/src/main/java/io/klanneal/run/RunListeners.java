package io.klanneal.run;

import ai.djl.training.listener.TrainingListener;
import io.klanneal.report.CheckpointListener;
import io.klanneal.report.ModelSelectionListener;
import io.klanneal.report.ProgressListener;
import io.klanneal.report.RunReportListener;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.GradientNormClipping;
import java.util.ArrayList;
import java.util.List;

/**
 * The listeners of a run, each named for its one concern; {@link #inOrder()} is the order DJL
 * calls them in, and the reasons for it.
 *
 * @param beta sets the loss's beta for each step
 * @param clipping clips the gradients, or null when clipping is off
 * @param caller the caller's own listeners, after the step fingerprints when they are asked for
 * @param diagnostics the model kind's diagnostics, recorded into the history after each epoch
 * @param progress the console progress bar, or null
 * @param report writes metrics.csv, steps.csv, kl_per_dim.csv and their plots
 * @param checkpoint saves the parameters after each epoch
 * @param modelChoice keeps the best settled epoch and stops early
 * @param status rewrites run.json after each epoch
 * @param decoderReset starts the decoder afresh after pretraining, or null
 */
record RunListeners(
        BetaAnnealingListener beta,
        GradientNormClipping clipping,
        List<TrainingListener> caller,
        List<TrainingListener> diagnostics,
        ProgressListener progress,
        RunReportListener report,
        CheckpointListener checkpoint,
        ModelSelectionListener modelChoice,
        TrainingListener status,
        TrainingListener decoderReset) {

    /** Returns the listeners in the order they must run. */
    TrainingListener[] inOrder() {
        List<TrainingListener> order = new ArrayList<>();
        // Per step, after backward: beta for the next step, then clipping before the optimizer;
        // the caller sees clipped gradients.
        order.add(beta);
        if (clipping != null) {
            order.add(clipping);
        }
        order.addAll(caller);
        // Per epoch: diagnostics record into the history before the report writes it.
        order.addAll(diagnostics);
        if (progress != null) {
            order.add(progress);
        }
        order.add(report);
        // Model choice reads the checkpoint just written; run.json records both, last.
        order.add(checkpoint);
        order.add(modelChoice);
        order.add(status);
        // Pretraining ends once its last epoch is recorded and saved.
        if (decoderReset != null) {
            order.add(decoderReset);
        }
        return order.toArray(new TrainingListener[0]);
    }
}
