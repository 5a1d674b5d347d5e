package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.Batch;
import ai.djl.training.dataset.Dataset;
import ai.djl.training.listener.TrainingListener.BatchData;
import ai.djl.translate.TranslateException;
import io.klanneal.train.RandomStreams.Purpose;
import java.io.IOException;
import java.util.Map;

/**
 * The VAE training loop, in the shape of DJL's {@code EasyTrain}: a few static functions over a
 * {@link Trainer} whose loss is a {@link VaeLoss}; everything else happens in listeners. Unlike
 * {@code EasyTrain} it computes the loss terms once per batch and records them in a {@link
 * TrainingHistory}, instead of having evaluators recompute the loss for each metric. The history's
 * step count is the run's one step counter.
 */
public final class VaeTraining {

    private VaeTraining() {}

    /**
     * The summed loss terms of one batch, in nats.
     *
     * @param reconstruction the summed negative log-likelihood
     * @param kl the summed KL
     * @param loss the summed loss: what training minimised (free bits included), or {@code
     *     reconstruction + beta * KL} for validation
     * @param klPerDimension the KL of each latent dimension, summed over the batch; null when not
     *     asked for (training steps)
     */
    public record BatchSums(double reconstruction, double kl, double loss, float[] klPerDimension) {}

    /**
     * Where the loop stands between two steps: inside 0-based epoch {@code epoch}, {@code batches}
     * of its batches are done, with these summed training terms and wall seconds so far. A
     * checkpoint saves it; {@link #fit} continues from it.
     *
     * @param epoch the 0-based epoch in progress, or the next one when {@code batches} is 0
     * @param batches batches of that epoch already trained
     * @param reconstruction their summed reconstruction, in nats
     * @param kl their summed KL
     * @param loss their summed minimised loss
     * @param examples how many examples they held
     * @param seconds the epoch's wall time so far
     */
    public record LoopPosition(
            int epoch, int batches, double reconstruction, double kl, double loss, long examples, double seconds) {

        /** Returns the position before epoch {@code epoch}'s first batch. */
        public static LoopPosition startOf(int epoch) {
            return new LoopPosition(epoch, 0, 0, 0, 0, 0, 0);
        }

        /** Returns whether the position lies between two epochs. */
        public boolean atEpochStart() {
            return batches == 0;
        }
    }

    /** Is told where the loop stands after every step and after every epoch (a checkpoint's hook). */
    @FunctionalInterface
    public interface PositionListener {
        /**
         * Called after an optimizer step (the position is inside an epoch) and after an epoch once
         * every listener has seen it (the position is the start of the next epoch).
         *
         * @param position where the loop stands
         * @throws IOException if what it writes cannot be written
         */
        void reached(LoopPosition position) throws IOException;
    }

    /**
     * Trains from the first epoch until the history holds {@code epochs} epochs; see {@link
     * #fit(Trainer, int, Dataset, Dataset, TrainingHistory, RandomStreams, LoopPosition,
     * PositionListener)}.
     *
     * @param trainer a trainer whose loss is a {@link VaeLoss}
     * @param epochs the number of epochs
     * @param train the training data; its labels are the reconstruction targets, or, when it has
     *     none, its data
     * @param validation the held-out data, or null
     * @param history where the step and epoch results go
     * @param streams the run's random streams
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be built
     * @throws TrainingDivergedException when a loss is NaN or infinite
     */
    public static void fit(
            Trainer trainer,
            int epochs,
            Dataset train,
            Dataset validation,
            TrainingHistory history,
            RandomStreams streams)
            throws IOException, TranslateException {
        fit(trainer, epochs, train, validation, history, streams, LoopPosition.startOf(0), position -> { }, null);
    }

    /**
     * Trains from {@code start} until the history holds {@code epochs} epochs, validating after
     * each, then notifies {@code onEpoch}; stops early when a listener calls {@link
     * TrainingHistory#requestStop}. The engine is reseeded from {@code streams} before every step
     * and every validation pass, and an {@link EpochOrdered} training set is told each epoch, so
     * nothing a listener draws shifts training's numbers, and a run continued from a saved position
     * draws what the uninterrupted run drew.
     *
     * @param trainer a trainer whose loss is a {@link VaeLoss}
     * @param epochs the number of epochs the history holds at the end
     * @param train the training data; its labels are the reconstruction targets, or, when it has
     *     none, its data
     * @param validation the held-out data, or null
     * @param history where the step and epoch results go; it holds {@code start.epoch()} epochs
     * @param streams the run's random streams
     * @param start where to continue: the batches it has done of its epoch are skipped
     * @param positions told the position after every step and every epoch
     * @param aggressive aggressive training of the inference network before each step, or null
     * @throws IOException if the data cannot be read or a position listener fails
     * @throws TranslateException if a batch cannot be built
     * @throws TrainingDivergedException when a loss is NaN or infinite
     */
    public static void fit(
            Trainer trainer,
            int epochs,
            Dataset train,
            Dataset validation,
            TrainingHistory history,
            RandomStreams streams,
            LoopPosition start,
            PositionListener positions,
            AggressiveInference aggressive)
            throws IOException, TranslateException {
        if (history.epochs().size() != start.epoch()) {
            throw new IllegalArgumentException(
                    "the history holds " + history.epochs().size() + " epochs but training continues at epoch "
                            + (start.epoch() + 1));
        }
        VaeLoss loss = vaeLoss(trainer);
        LoopPosition from = start;
        while (history.epochs().size() < epochs && history.stopReason() == null) {
            int epoch = history.epochs().size();
            if (train instanceof EpochOrdered ordered) {
                ordered.setEpoch(epoch);
            }
            long began = System.nanoTime();
            TermSums sums = new TermSums(from);
            int batches = 0;
            for (Batch batch : trainer.iterateDataset(train)) {
                try {
                    if (batches++ < from.batches()) {
                        continue; // trained before the run was interrupted
                    }
                    if (aggressive != null) {
                        aggressive.beforeStep(trainer, batch);
                    }
                    sums.add(trainStep(trainer, batch, history, streams), batch.getSize());
                } finally {
                    batch.close();
                }
                positions.reached(sums.position(epoch, batches, from.seconds() + (System.nanoTime() - began) / 1e9));
            }
            // Validation weighs the KL with the beta of the epoch's last step.
            float beta = history.steps() > 0 ? history.beta(history.steps() - 1) : loss.beta();
            EpochSummary.MeanTerms validated = null;
            if (validation != null) {
                streams.seedEngine(Purpose.VALIDATION, epoch);
                validated = evaluate(trainer, validation, beta);
            }
            double seconds = from.seconds() + (System.nanoTime() - began) / 1e9;
            history.recordEpoch(new EpochSummary(epoch + 1, beta, sums.means(), validated, seconds));
            trainer.notifyListeners(listener -> listener.onEpoch(trainer));
            from = LoopPosition.startOf(epoch + 1);
            positions.reached(from);
        }
    }

    /**
     * One optimizer step: reseeds the engine for this step, runs {@link #trainBatch} and {@link
     * Trainer#step()}.
     *
     * @param trainer a trainer whose loss is a {@link VaeLoss}
     * @param batch the batch
     * @param history where the step's results go; its next step is this one
     * @param streams the run's random streams
     * @return the batch's summed terms
     */
    public static BatchSums trainStep(
            Trainer trainer, Batch batch, TrainingHistory history, RandomStreams streams) {
        streams.seedEngine(Purpose.TRAINING_STEP, history.nextGlobalStep());
        BatchSums sums = trainBatch(trainer, batch, history);
        trainer.step();
        return sums;
    }

    /**
     * Runs forward and backward on one batch at the loss's current beta, records the step and
     * notifies {@code onTrainingBatch}; the caller then calls {@link Trainer#step()}.
     *
     * @param trainer a trainer whose loss is a {@link VaeLoss}
     * @param batch the batch
     * @param history where the step's results go
     * @return the batch's summed reconstruction and KL, in nats
     * @throws TrainingDivergedException when the loss is NaN or infinite
     */
    public static BatchSums trainBatch(Trainer trainer, Batch batch, TrainingHistory history) {
        VaeLoss loss = vaeLoss(trainer);
        float beta = loss.beta();
        NDList data = batch.getData();
        NDList labels = targets(batch);
        BatchSums sums;
        NDList predictions;
        try (GradientCollector collector = trainer.newGradientCollector()) {
            predictions = trainer.forward(data, labels);
            VaeLoss.Terms terms = loss.terms(labels, predictions);
            NDArray objective = loss.objective(terms, beta);
            collector.backward(objective);
            sums = sums(terms, objective, batch.getSize(), false);
        }
        int size = batch.getSize();
        float reconstruction = (float) (sums.reconstruction() / size);
        float kl = (float) (sums.kl() / size);
        float minimised = (float) (sums.loss() / size);
        if (!Float.isFinite(minimised)) {
            long step = history.nextGlobalStep();
            throw new TrainingDivergedException(
                    step,
                    "training diverged at step " + step + " (epoch "
                            + (history.epochs().size() + 1) + "): reconstruction=" + reconstruction
                            + ", KL=" + kl + ", beta=" + beta
                            + "; try a lower learning rate (option lr)");
        }
        history.recordStep(beta, reconstruction, kl, minimised);
        BatchData batchData = batchData(batch, labels, predictions);
        trainer.notifyListeners(listener -> listener.onTrainingBatch(trainer, batchData));
        return sums;
    }

    /**
     * Computes the mean loss terms over a dataset without training (dropout off), with the KL of
     * each latent dimension; listeners see each batch through {@code onValidationBatch}.
     *
     * @param trainer a trainer whose loss is a {@link VaeLoss}
     * @param dataset the data
     * @param beta the KL weight for the reported weighted loss
     * @return the means per example
     * @throws IOException if the data cannot be read
     * @throws TranslateException if a batch cannot be built
     */
    public static EpochSummary.MeanTerms evaluate(Trainer trainer, Dataset dataset, float beta)
            throws IOException, TranslateException {
        VaeLoss loss = vaeLoss(trainer);
        TermSums sums = new TermSums();
        for (Batch batch : trainer.iterateDataset(dataset)) {
            try {
                NDList labels = targets(batch);
                NDList predictions = trainer.evaluate(batch.getData());
                VaeLoss.Terms terms = loss.terms(labels, predictions);
                sums.add(sums(terms, terms.weighted(beta).mean(), batch.getSize(), true), batch.getSize());
                BatchData batchData = batchData(batch, labels, predictions);
                trainer.notifyListeners(listener -> listener.onValidationBatch(trainer, batchData));
            } finally {
                batch.close();
            }
        }
        return sums.means();
    }

    // What DJL's listeners (evaluators among them) receive for a batch on one device.
    private static BatchData batchData(Batch batch, NDList labels, NDList predictions) {
        return new BatchData(
                batch,
                Map.of(labels.head().getDevice(), labels),
                Map.of(predictions.head().getDevice(), predictions));
    }

    // A VAE reconstructs its input: a dataset without labels need not hold the pixels twice.
    static NDList targets(Batch batch) {
        NDList labels = batch.getLabels();
        return labels == null || labels.isEmpty() ? batch.getData() : labels;
    }

    // Summed reconstruction, KL, loss and, when asked, the KL of each dimension, in one host transfer.
    private static BatchSums sums(VaeLoss.Terms terms, NDArray meanLoss, int size, boolean perDimension) {
        NDArray both = NDArrays.stack(new NDList(terms.reconstruction().sum(), terms.kl().sum(), meanLoss));
        float[] joined;
        try (NDArray all =
                perDimension
                        ? NDArrays.concat(new NDList(both, terms.klPerDimension().sum(new int[] {0})))
                        : both) {
            joined = all.toFloatArray();
        }
        float[] klPerDimension =
                perDimension ? java.util.Arrays.copyOfRange(joined, 3, joined.length) : null;
        return new BatchSums(joined[0], joined[1], (double) joined[2] * size, klPerDimension);
    }

    static VaeLoss vaeLoss(Trainer trainer) {
        if (!(trainer.getLoss() instanceof VaeLoss loss)) {
            throw new IllegalArgumentException(
                    "VaeTraining needs a trainer whose loss is a VaeLoss, got "
                            + trainer.getLoss().getClass().getName());
        }
        return loss;
    }

    /** Running sums over examples. */
    private static final class TermSums {
        private double reconstruction;
        private double kl;
        private double loss;
        private double[] klPerDimension;
        private long examples;

        TermSums() {}

        // Continues the sums a saved position holds (training sums: no per-dimension KL).
        TermSums(LoopPosition from) {
            reconstruction = from.reconstruction();
            kl = from.kl();
            loss = from.loss();
            examples = from.examples();
        }

        LoopPosition position(int epoch, int batches, double seconds) {
            return new LoopPosition(epoch, batches, reconstruction, kl, loss, examples, seconds);
        }

        void add(BatchSums sums, int size) {
            reconstruction += sums.reconstruction();
            kl += sums.kl();
            loss += sums.loss();
            if (sums.klPerDimension() != null) {
                if (klPerDimension == null) {
                    klPerDimension = new double[sums.klPerDimension().length];
                }
                for (int d = 0; d < klPerDimension.length; d++) {
                    klPerDimension[d] += sums.klPerDimension()[d];
                }
            }
            examples += size;
        }

        EpochSummary.MeanTerms means() {
            long n = Math.max(1, examples);
            double[] perDimension = null;
            if (klPerDimension != null) {
                perDimension = new double[klPerDimension.length];
                for (int d = 0; d < perDimension.length; d++) {
                    perDimension[d] = klPerDimension[d] / n;
                }
            }
            return new EpochSummary.MeanTerms(reconstruction / n, kl / n, loss / n, perDimension);
        }
    }
}
