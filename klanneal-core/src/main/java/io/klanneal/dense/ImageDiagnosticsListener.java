package io.klanneal.dense;

import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;

/**
 * After each dense epoch, records the validation -ELBO in bits per data dimension and, for {@code
 * gaussian:learned}, the decoder's sigma: the one likelihood parameter that is learned rather than
 * stated, reported so that it is never a hidden weight. Register it before the report listener.
 */
final class ImageDiagnosticsListener extends TrainingListenerAdapter {

    private final DenseVae block;
    private final TrainingHistory history;
    private final int dimensions;

    ImageDiagnosticsListener(DenseVae block, TrainingHistory history, int dimensions) {
        this.block = block;
        this.history = history;
        this.dimensions = dimensions;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        EpochSummary last = history.epochs().get(history.epochs().size() - 1);
        history.recordDiagnostic(
                "validation_bits_per_dim", last.validation().elbo() / (dimensions * Math.log(2)));
        double sigma = block.learnedSigma();
        if (!Double.isNaN(sigma)) {
            history.recordDiagnostic("decoder_sigma", sigma);
        }
    }
}
