package io.klanneal.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.translate.TranslateException;
import io.klanneal.dense.DenseVae;
import io.klanneal.data.ImageBatches;
import io.klanneal.data.ImageData;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.train.BernoulliLikelihood;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.ResumableAdam;
import io.klanneal.train.VaeLoss;
import io.klanneal.train.VaeTrainer;
import java.io.IOException;

/**
 * Steady-state training throughput of the dense VAE through the project's own loop ({@link
 * VaeTraining}, {@link BetaAnnealingListener}), on random binary 784-pixel data like the bare DJL
 * baseline in {@code ../shared/baselines}.
 */
public final class DenseBenchmark {

    private static final int EXAMPLES = 60_000;
    private static final int DIMS = 784;

    /**
     * What one benchmark run measured.
     *
     * @param examplesPerSecond training examples per second over the timed steps
     * @param msPerStep milliseconds per optimizer step
     * @param annealingShare the fraction of step time spent in the schedule and its listener
     * @param medianMsPerStep the median step's milliseconds
     * @param timedSteps the number of timed steps
     * @param threads PyTorch's intra-op thread count
     */
    public record Result(
            double examplesPerSecond,
            double msPerStep,
            double annealingShare,
            double medianMsPerStep,
            int timedSteps,
            int threads) {}

    private DenseBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param hidden hidden width (512)
     * @param latent latent size (2, as in the baseline)
     * @param batchSize examples per step (128)
     * @param warmupSteps untimed steps first
     * @param timedSteps timed steps
     * @return the measurements
     * @throws IOException if the data cannot be batched
     * @throws TranslateException if a batch cannot be built
     */
    public static Result run(int hidden, int latent, int batchSize, int warmupSteps, int timedSteps)
            throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(1);
        try (Model model = Model.newInstance("bench-dense")) {
            model.setBlock(new DenseVae(DIMS, hidden, latent));
            java.util.Random random = new java.util.Random(1);
            float[] pixels = new float[EXAMPLES * DIMS];
            for (int i = 0; i < pixels.length; i++) {
                pixels[i] = random.nextFloat() > 0.8f ? 1f : 0f;
            }
            ImageBatches dataset =
                    ImageBatches.shuffled(
                            model.getNDManager(),
                            new ImageData("bench", pixels, EXAMPLES, 28, 28),
                            batchSize,
                            new RandomStreams(1));
            long stepsPerEpoch = dataset.batchesPerEpoch();
            int totalSteps = warmupSteps + timedSteps;
            VaeLoss loss = new VaeLoss(new BernoulliLikelihood());
            TimedListener annealing =
                    new TimedListener(
                            BetaAnnealingListener.counting(
                                    ScheduleSpec.parse("cyclical:cycles=4,ratio=0.5").pure().orElseThrow(),
                                    loss,
                                    totalSteps,
                                    stepsPerEpoch,
                                    0));
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(ResumableAdam.fixedRate(1e-3))
                            .addTrainingListeners(annealing);
            try (Trainer trainer = VaeTrainer.create(model, config)) {
                trainer.initialize(new Shape(batchSize, DIMS));
                TimedSteps.Timing timing =
                        TimedSteps.run(
                                trainer, dataset, warmupSteps, timedSteps, () -> annealing.nanos = 0);
                double seconds = timing.seconds();
                return new Result(
                        (double) timedSteps * batchSize / seconds,
                        seconds * 1000 / timedSteps,
                        annealing.nanos / 1e9 / seconds,
                        timing.medianMsPerStep(),
                        timedSteps,
                        TimedSteps.torchThreads());
            }
        }
    }

    /** Times the schedule and listener: everything the annealing adds to a step. */
    private static final class TimedListener implements TrainingListener {
        private final TrainingListener delegate;
        private long nanos;

        TimedListener(TrainingListener delegate) {
            this.delegate = delegate;
        }

        @Override
        public void onTrainingBatch(Trainer trainer, BatchData batchData) {
            long start = System.nanoTime();
            delegate.onTrainingBatch(trainer, batchData);
            nanos += System.nanoTime() - start;
        }

        @Override
        public void onTrainingBegin(Trainer trainer) {
            delegate.onTrainingBegin(trainer);
        }

        @Override
        public void onEpoch(Trainer trainer) {
            delegate.onEpoch(trainer);
        }

        @Override
        public void onValidationBatch(Trainer trainer, BatchData batchData) {
            delegate.onValidationBatch(trainer, batchData);
        }

        @Override
        public void onTrainingEnd(Trainer trainer) {
            delegate.onTrainingEnd(trainer);
        }
    }
}
