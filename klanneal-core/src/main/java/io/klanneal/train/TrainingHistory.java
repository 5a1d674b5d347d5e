package io.klanneal.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What training measured: beta, reconstruction and KL of every optimizer step (batch means, in
 * nats), and one {@link EpochSummary} per epoch. Kept in primitive arrays so that recording a step
 * costs no more than storing three floats.
 */
public final class TrainingHistory implements Stateful<TrainingHistory.Snapshot> {

    private final long firstStep;
    private float[] beta = new float[1024];
    private float[] reconstruction = new float[1024];
    private float[] kl = new float[1024];
    private float[] loss = new float[1024];
    private int steps;
    private final List<EpochSummary> epochs = new ArrayList<>();
    private final List<Map<String, Double>> diagnostics = new ArrayList<>();
    private String stopReason;

    /**
     * Creates an empty history.
     *
     * @param firstStep the global step of the first recorded step (0 unless resuming)
     */
    public TrainingHistory(long firstStep) {
        this.firstStep = firstStep;
    }

    void recordStep(float stepBeta, float stepReconstruction, float stepKl, float stepLoss) {
        if (steps == beta.length) {
            int grown = steps * 2;
            beta = Arrays.copyOf(beta, grown);
            reconstruction = Arrays.copyOf(reconstruction, grown);
            kl = Arrays.copyOf(kl, grown);
            loss = Arrays.copyOf(loss, grown);
        }
        beta[steps] = stepBeta;
        loss[steps] = stepLoss;
        reconstruction[steps] = stepReconstruction;
        kl[steps] = stepKl;
        steps++;
    }

    void recordEpoch(EpochSummary summary) {
        epochs.add(summary);
        diagnostics.add(new LinkedHashMap<>());
    }

    /**
     * Records a named diagnostic of the latest epoch (active units, mutual information, ...).
     *
     * @param name the metric's name, used as the CSV column
     * @param value its value
     */
    public void recordDiagnostic(String name, double value) {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("no epoch to attach diagnostic " + name + " to");
        }
        diagnostics.get(epochs.size() - 1).put(name, value);
    }

    /** Returns the diagnostics of epoch index {@code i} (0-based), by name. */
    public Map<String, Double> diagnostics(int i) {
        return Collections.unmodifiableMap(new LinkedHashMap<>(diagnostics.get(i)));
    }

    /** Returns the names of all diagnostics recorded so far, in the order first recorded. */
    public Set<String> diagnosticNames() {
        Set<String> names = new LinkedHashSet<>();
        diagnostics.forEach(d -> names.addAll(d.keySet()));
        return names;
    }

    /**
     * Asks the training loop to stop after the current epoch (early stopping).
     *
     * @param reason why, for the run's metadata and the console
     */
    public void requestStop(String reason) {
        stopReason = reason;
    }

    /** Returns why training was asked to stop early, or null. */
    public String stopReason() {
        return stopReason;
    }

    /** Returns the number of recorded steps. */
    public int steps() {
        return steps;
    }

    /** Returns the global step of recorded step {@code i}. */
    public long globalStep(int i) {
        return firstStep + i;
    }

    /** Returns the global step the next optimizer step will have. */
    public long nextGlobalStep() {
        return firstStep + steps;
    }

    public float beta(int i) {
        return beta[i];
    }

    public float reconstruction(int i) {
        return reconstruction[i];
    }

    public float kl(int i) {
        return kl[i];
    }

    /** Returns what step {@code i} minimised: reconstruction + beta * KL, free bits included. */
    public float loss(int i) {
        return loss[i];
    }

    /**
     * Everything a history holds, for a checkpoint.
     *
     * @param beta each step's beta
     * @param reconstruction each step's reconstruction
     * @param kl each step's KL
     * @param loss each step's minimised loss
     * @param epochs the epoch summaries
     * @param diagnostics each epoch's diagnostics, by name in the order recorded
     * @param stopReason why training was asked to stop, or null
     */
    public record Snapshot(
            float[] beta,
            float[] reconstruction,
            float[] kl,
            float[] loss,
            List<EpochSummary> epochs,
            List<Map<String, Double>> diagnostics,
            String stopReason) {}
    @Override
    public Key<Snapshot> stateKey() {
        return new Key<>("history", Snapshot.class);
    }

    /** Returns a copy of what the history holds. */
    @Override
    public Snapshot state() {
        List<Map<String, Double>> copies = new ArrayList<>();
        diagnostics.forEach(d -> copies.add(new LinkedHashMap<>(d)));
        return new Snapshot(
                Arrays.copyOf(beta, steps),
                Arrays.copyOf(reconstruction, steps),
                Arrays.copyOf(kl, steps),
                Arrays.copyOf(loss, steps),
                List.copyOf(epochs),
                copies,
                stopReason);
    }

    /**
     * Replaces what the history holds with a snapshot (resuming a run; the listeners keep this
     * history).
     *
     * @param snapshot what an earlier history held, from its first step
     */
    @Override
    public void restore(Snapshot snapshot) {
        if (firstStep != 0) {
            throw new IllegalStateException("only a history from step 0 can be restored");
        }
        int n = snapshot.beta().length;
        int capacity = Math.max(1024, Integer.highestOneBit(Math.max(1, n)) * 2);
        beta = Arrays.copyOf(snapshot.beta(), capacity);
        reconstruction = Arrays.copyOf(snapshot.reconstruction(), capacity);
        kl = Arrays.copyOf(snapshot.kl(), capacity);
        loss = Arrays.copyOf(snapshot.loss(), capacity);
        steps = n;
        epochs.clear();
        epochs.addAll(snapshot.epochs());
        diagnostics.clear();
        snapshot.diagnostics().forEach(d -> diagnostics.add(new LinkedHashMap<>(d)));
        stopReason = snapshot.stopReason();
    }

    /** Returns the per-epoch summaries, oldest first. */
    public List<EpochSummary> epochs() {
        return List.copyOf(epochs);
    }
}
