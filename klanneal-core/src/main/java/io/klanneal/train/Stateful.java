package io.klanneal.train;

import java.io.IOException;

/**
 * A part of a run whose memory a checkpoint keeps, as Lightning's {@code state_dict} and {@code
 * load_state_dict}: the run's checkpoints collect every registered part's state under its key and
 * give it back on resume, before training continues. klanneal's own parts (the optimizer, the beta
 * schedule, the history, model choice, the collapse alarm, run.json) implement it, and so may a
 * listener of the caller's own given to {@code TrainConfig.Builder.addTrainingListeners}.
 *
 * <p>The state is a small value Jackson writes to the checkpoint's {@code state.json} (a record of
 * numbers, strings and lists), or a {@link java.nio.ByteBuffer} (arrays, encoded without a copy:
 * its remaining bytes) kept as a file of its own beside it.
 * {@link #restore} must leave the part as it was when {@link #state} was taken, whether it runs
 * before or after the trainer starts.
 *
 * @param <S> the state's type
 */
public interface Stateful<S> {

    /**
     * Names a part's state in a checkpoint and says its type, to read it back.
     *
     * @param name unique in a run and stable across versions: lower-case letters, digits, '.', '_'
     *     and '-'
     * @param type the state's class
     * @param <S> the state's type
     */
    record Key<S>(String name, Class<S> type) {
        public Key {
            if (!name.matches("[a-z0-9][a-z0-9_.-]*")) {
                throw new IllegalArgumentException(
                        "state key \"" + name + "\" must be lower-case letters, digits, '.', '_' or '-'");
            }
        }
    }

    /** Returns the key of this part's state in a checkpoint. */
    Key<S> stateKey();

    /** Returns the state after the steps so far; called between two steps. */
    S state() throws IOException;

    /**
     * Continues from a saved state.
     *
     * @param state what {@link #state} returned when the checkpoint was taken
     * @throws IOException if the state does not fit this part
     */
    void restore(S state) throws IOException;
}
