package io.klanneal.train;

import ai.djl.ndarray.NDManager;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import java.util.function.Consumer;

/**
 * Ends pretraining as Li et al. (2019) do: after the last pretraining epoch, once everything that
 * epoch records is written, the decoder starts afresh (seeded from its own random stream). Adam's
 * moment estimates for the decoder's parameters are kept: DJL's optimizer does not expose them.
 */
public final class DecoderReset extends TrainingListenerAdapter {

    private final Consumer<NDManager> reset;
    private final int afterEpoch;
    private final TrainingHistory history;
    private final RandomStreams streams;

    /**
     * Creates the listener.
     *
     * @param reset draws the decoder's fresh parameters
     * @param afterEpoch the 1-based epoch after which it acts
     * @param history the run's history, which counts the epochs
     * @param streams the run's random streams
     */
    public DecoderReset(Consumer<NDManager> reset, int afterEpoch, TrainingHistory history, RandomStreams streams) {
        this.reset = reset;
        this.afterEpoch = afterEpoch;
        this.history = history;
        this.streams = streams;
    }

    @Override
    public void onEpoch(Trainer trainer) {
        if (history.epochs().size() == afterEpoch) {
            streams.seedEngine(RandomStreams.Purpose.DECODER_RESET);
            reset.accept(trainer.getManager());
        }
    }
}
