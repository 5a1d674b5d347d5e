package io.klanneal.report;

import io.klanneal.train.Stateful;

/**
 * The rule behind {@code --keep best} and {@code --early-stop}: compare validation -ELBOs (beta =
 * 1) only after settled epochs, keep the lowest, and stop after {@code patience} settled epochs
 * without a lower one. Pure bookkeeping, so the rule can be tested without training.
 */
public final class ModelChoice implements Stateful<ModelChoice.State> {

    /** What an epoch's validation result means for model choice. */
    public enum Verdict {
        /** The schedule is still ramping: the result is not compared. */
        NOT_SETTLED,
        /** The lowest -ELBO so far among settled epochs. */
        BEST,
        /** Not better than the best; patience not yet used up. */
        NOT_BETTER,
        /** Not better, and the patience is used up: stop training. */
        STOP
    }

    private final boolean[] settled;
    private final int patience;
    private double best = Double.POSITIVE_INFINITY;
    private int bestEpoch;
    private int withoutImprovement;

    /**
     * Creates the rule.
     *
     * @param settled for each 0-based epoch, whether its result may be compared
     * @param patience settled epochs without improvement before stopping (0: never stop)
     */
    public ModelChoice(boolean[] settled, int patience) {
        if (patience < 0) {
            throw new IllegalArgumentException("patience must be >= 0, got " + patience);
        }
        this.settled = settled.clone();
        this.patience = patience;
    }

    /**
     * Judges an epoch's validation -ELBO.
     *
     * @param epoch the 1-based epoch
     * @param elbo its validation -ELBO (reconstruction + KL, beta = 1)
     * @return what it means
     */
    public Verdict offer(int epoch, double elbo) {
        if (!settled[epoch - 1]) {
            return Verdict.NOT_SETTLED;
        }
        if (elbo < best) {
            best = elbo;
            bestEpoch = epoch;
            withoutImprovement = 0;
            return Verdict.BEST;
        }
        withoutImprovement++;
        return patience > 0 && withoutImprovement >= patience ? Verdict.STOP : Verdict.NOT_BETTER;
    }

    /**
     * The rule's bookkeeping, for a checkpoint.
     *
     * @param best the lowest settled -ELBO so far
     * @param bestEpoch its epoch (0: none yet)
     * @param withoutImprovement settled epochs in a row not better than it
     */
    public record State(double best, int bestEpoch, int withoutImprovement) {}
    @Override
    public Key<State> stateKey() {
        return new Key<>("model-choice", State.class);
    }

    /** Returns the bookkeeping so far. */
    @Override
    public State state() {
        return new State(best, bestEpoch, withoutImprovement);
    }

    /** Continues from saved bookkeeping. */
    @Override
    public void restore(State state) {
        best = state.best();
        bestEpoch = state.bestEpoch();
        withoutImprovement = state.withoutImprovement();
    }

    /** Returns the lowest settled -ELBO so far (infinite before the first). */
    public double best() {
        return best;
    }

    /** Returns the epoch of {@link #best} (0 before the first). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** Returns how many settled epochs in a row were not better than the best. */
    public int withoutImprovement() {
        return withoutImprovement;
    }
}
