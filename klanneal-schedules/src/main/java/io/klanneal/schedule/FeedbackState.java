package io.klanneal.schedule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a feedback schedule remembers between steps, small enough to save with a checkpoint: the
 * few numbers of its own ({@link KlController}: its integral, smoothed KL and next beta) and the
 * states of the schedules it is composed of, nested as the composition is (as Optax nests the
 * states of composed transformations). Each schedule reads only its own part; a pure schedule
 * keeps {@link #NONE}.
 *
 * @param values the schedule's own numbers, in the order it defines
 * @param parts the states of the schedules it is composed of, in its order
 */
public record FeedbackState(double[] values, List<FeedbackState> parts) {

    /** The state of a schedule that remembers nothing. */
    public static final FeedbackState NONE = new FeedbackState(new double[0], List.of());

    public FeedbackState {
        values = values.clone();
        parts = List.copyOf(parts);
    }

    /** Returns the state of a schedule with numbers of its own. */
    public static FeedbackState of(double... values) {
        return new FeedbackState(values, List.of());
    }

    /** Returns the state of a composition: its parts' states, nested. */
    public static FeedbackState joined(FeedbackState... parts) {
        return new FeedbackState(new double[0], List.of(parts));
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    /** Returns one of the schedule's own numbers. */
    public double value(int index) {
        return values[index];
    }

    /** Returns the state of one part of a composition. */
    public FeedbackState part(int index) {
        return parts.get(index);
    }

    /** Returns this state with one part's state replaced. */
    public FeedbackState withPart(int index, FeedbackState part) {
        List<FeedbackState> replaced = new ArrayList<>(parts);
        replaced.set(index, part);
        return new FeedbackState(values, replaced);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof FeedbackState that && Arrays.equals(values, that.values) && parts.equals(that.parts);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(values) + parts.hashCode();
    }

    @Override
    public String toString() {
        return parts.isEmpty() ? Arrays.toString(values) : Arrays.toString(values) + parts;
    }
}
