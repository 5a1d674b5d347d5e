package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.io.CsvFiles;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * He et al.'s aggressive training of the inference network (ICLR 2019, "Lagging inference
 * networks"): before each training step the encoder alone is updated, first on the step's own
 * batch, then on batches drawn at random from the epoch, until its loss stops falling (the mean
 * loss of a window of {@value #WINDOW} encoder steps above the window's before) or a limit of steps
 * (the paper's loop: 99); the step itself then updates the decoder alone. It stays on while the
 * held-out mutual information rises from epoch to epoch, and the run trains both parts together
 * from the first epoch whose MI is lower than the one before. A model whose diagnostics record no
 * MI ({@link PosteriorDiagnosticsListener} records it) keeps it on for the whole run, and the first
 * epoch says so in a warning.
 *
 * <p>Whether it is on follows from the history's MI; the extra steps' batches and engine draws
 * come from the step's own stream ({@link RandomStreams.Purpose#AGGRESSIVE_INFERENCE}); the count
 * of this epoch's encoder steps, reported per epoch as {@value CsvFiles#ENCODER_STEPS} (encoder
 * steps per training step: the cost), is its checkpointed state.
 */
public final class AggressiveInference extends TrainingListenerAdapter implements Stateful<AggressiveInference.Count> {

    /** Encoder steps per window of the stopping rule, as in the paper. */
    public static final int WINDOW = 15;

    private static final Logger LOG = LoggerFactory.getLogger(AggressiveInference.class);

    static final String NO_MUTUAL_INFORMATION = "aggressive training turns off when the held-out mutual"
            + " information falls, but the model's diagnostics record none (PosteriorDiagnosticsListener records it):"
            + " it stays on for the whole run, at many encoder steps per training step";

    private final int limit;
    private final ResumableOptimizer optimizer;
    private final Set<String> encoder;
    private final Set<String> decoder;
    private final IndexedBatches batches;
    private final GradientNormClipping clipping;
    private final TrainingHistory history;
    private final RandomStreams streams;
    private long encoderSteps;
    private long trainingSteps;
    private int checkedEpochs = -1;
    private boolean on = true;
    private boolean warnedNoMutualInformation;

    /**
     * The encoder steps and training steps of the epoch so far.
     *
     * @param encoderSteps extra encoder steps
     * @param trainingSteps training steps
     */
    public record Count(long encoderSteps, long trainingSteps) {}

    /**
     * Creates the training.
     *
     * @param limit the most encoder steps before one training step, at least 1
     * @param optimizer the run's optimizer
     * @param encoder the ids of the inference network's parameters ({@link InferenceNetwork})
     * @param decoder the ids of every other parameter
     * @param batches the training set, by index
     * @param clipping the run's gradient clipping, or null
     * @param history the run's history, whose MI turns it off
     * @param streams the run's streams
     */
    public AggressiveInference(int limit, ResumableOptimizer optimizer, Set<String> encoder, Set<String> decoder,
            IndexedBatches batches, GradientNormClipping clipping, TrainingHistory history, RandomStreams streams) {
        if (limit < 1) {
            throw new IllegalArgumentException("aggressive training needs at least 1 encoder step, got " + limit);
        }
        if (encoder.isEmpty()) {
            throw new IllegalArgumentException("aggressive training needs the model's inference network"
                    + " (InferenceNetwork), and it names no parameter");
        }
        this.limit = limit;
        this.optimizer = optimizer;
        this.encoder = Set.copyOf(encoder);
        this.decoder = Set.copyOf(decoder);
        this.batches = batches;
        this.clipping = clipping;
        this.history = history;
        this.streams = streams;
    }

    /**
     * Returns whether the encoder is still trained aggressively: no finished epoch has had a lower
     * held-out MI than the epoch before it (the first is compared with 0, as the paper starts).
     * Read once the epoch's diagnostics are recorded, as before a step; the answer is worked out
     * once per finished epoch, not at every step.
     */
    public boolean active() {
        int epochs = history.epochs().size();
        if (epochs != checkedEpochs) {
            checkedEpochs = epochs;
            on = miNeverFell(epochs);
        }
        return on;
    }

    private boolean miNeverFell(int epochs) {
        double before = 0;
        for (int i = 0; i < epochs; i++) {
            Double mi = history.diagnostics(i).get(CsvFiles.MUTUAL_INFORMATION);
            if (mi != null) {
                if (mi < before) {
                    return false;
                }
                before = mi;
            }
        }
        return true;
    }

    /**
     * Runs the encoder steps before one training step, and leaves the optimizer updating the
     * decoder alone for it; when no longer active, leaves it updating everything.
     *
     * @param trainer the trainer
     * @param batch the training step's batch (left open)
     * @return the encoder steps run
     */
    public int beforeStep(Trainer trainer, Batch batch) {
        if (!active()) {
            optimizer.updateOnly(null);
            return 0;
        }
        long step = history.nextGlobalStep();
        Random random = streams.random(RandomStreams.Purpose.AGGRESSIVE_INFERENCE, step);
        streams.seedEngine(RandomStreams.Purpose.AGGRESSIVE_INFERENCE, step);
        optimizer.updateOnly(encoder);
        VaeLoss loss = VaeTraining.vaeLoss(trainer);
        Windows windows = new Windows();
        int steps = 0;
        boolean rose = false;
        while (steps < limit && !rose) {
            Batch drawn = steps == 0 ? batch : batches.batch(trainer.getManager(),
                    random.nextInt(Math.toIntExact(batches.batchesPerEpoch())));
            try {
                rose = windows.roseAfter(encoderStep(trainer, loss, drawn), drawn.getSize());
            } finally {
                if (drawn != batch) {
                    drawn.close();
                }
            }
            steps++;
        }
        optimizer.updateOnly(decoder);
        encoderSteps += steps;
        trainingSteps++;
        return steps;
    }

    /** The stopping rule: the mean loss of each window of {@value #WINDOW} steps against the window's before. */
    static final class Windows {
        private double sum;
        private long examples;
        private int steps;
        private double before = Double.POSITIVE_INFINITY;

        /**
         * Adds one encoder step's loss.
         *
         * @param meanLoss the batch's mean loss
         * @param size the batch's examples
         * @return true when the step closed a window whose mean loss is above the window's before
         */
        boolean roseAfter(double meanLoss, int size) {
            sum += meanLoss * size;
            examples += size;
            if (++steps % WINDOW != 0) {
                return false;
            }
            double mean = sum / examples;
            sum = 0;
            examples = 0;
            boolean rose = mean > before;
            before = mean;
            return rose;
        }
    }

    // One update of the encoder alone at the loss's beta; returns the batch's mean loss.
    private double encoderStep(Trainer trainer, VaeLoss loss, Batch batch) {
        NDList labels = VaeTraining.targets(batch);
        double mean;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            NDList predictions = trainer.forward(batch.getData(), labels);
            NDArray objective = loss.objective(loss.terms(labels, predictions), loss.beta());
            collector.backward(objective);
            mean = objective.getFloat();
        }
        if (clipping != null) {
            clipping.clip(trainer);
        }
        trainer.step();
        return mean;
    }

    /**
     * Records the epoch's encoder steps per training step, and starts counting the next epoch's.
     * Registered after the model's diagnostics, it sees the epoch's MI, or warns once that there is none.
     */
    @Override
    public void onEpoch(Trainer trainer) {
        int epoch = history.epochs().size() - 1;
        if (active() && !warnedNoMutualInformation
                && history.diagnostics(epoch).get(CsvFiles.MUTUAL_INFORMATION) == null) {
            warnedNoMutualInformation = true;
            LOG.warn(NO_MUTUAL_INFORMATION);
        }
        history.recordDiagnostic(CsvFiles.ENCODER_STEPS, trainingSteps == 0 ? 0 : encoderSteps / (double) trainingSteps);
        encoderSteps = 0;
        trainingSteps = 0;
    }

    @Override
    public Key<Count> stateKey() {
        return new Key<>("aggressive-inference", Count.class);
    }

    @Override
    public Count state() {
        return new Count(encoderSteps, trainingSteps);
    }

    @Override
    public void restore(Count saved) {
        encoderSteps = saved.encoderSteps();
        trainingSteps = saved.trainingSteps();
    }
}
