package io.klanneal.bench;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.translate.TranslateException;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.text.Corpus;
import io.klanneal.text.SentenceBatches;
import io.klanneal.text.TextVae;
import io.klanneal.text.TextVaeSizes;
import io.klanneal.text.Vocabulary;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.CategoricalLikelihood;
import io.klanneal.train.GradientNormClipping;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.ResumableAdam;
import io.klanneal.train.VaeLoss;
import io.klanneal.train.VaeTrainer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Training throughput of the LSTM text VAE through the project's loop, with decoder dropout 0.5 and
 * gradient-norm clipping at 5 as in real training, on random sentences of a fixed length.
 */
public final class TextBenchmark {

    /**
     * What one run measured.
     *
     * @param sentencesPerSecond sentences per second over the timed steps
     * @param tokensPerSecond predicted tokens per second (length + end marker per sentence)
     * @param msPerStep milliseconds per optimizer step
     * @param medianMsPerStep the median step's milliseconds
     * @param timedSteps timed steps
     * @param threads PyTorch's intra-op thread count
     */
    public record Result(
            double sentencesPerSecond,
            double tokensPerSecond,
            double msPerStep,
            double medianMsPerStep,
            int timedSteps,
            int threads) {}

    private TextBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param vocabularySize tokens in the vocabulary (10000)
     * @param size embedding and hidden size (256)
     * @param latent latent size (32)
     * @param batchSize sentences per step (32)
     * @param length words per sentence (29, so 30 predicted tokens with the end marker)
     * @param warmupSteps untimed steps first
     * @param timedSteps timed steps
     * @return the measurements
     * @throws IOException if batching fails
     * @throws TranslateException if a batch cannot be built
     */
    public static Result run(
            int vocabularySize,
            int size,
            int latent,
            int batchSize,
            int length,
            int warmupSteps,
            int timedSteps)
            throws IOException, TranslateException {
        Engine.getInstance().setRandomSeed(1);
        List<String[]> sentences = new ArrayList<>();
        for (int i = 0; i < batchSize * 20; i++) {
            String[] words = new String[length];
            for (int t = 0; t < length; t++) {
                // Cycling through all words makes the vocabulary exactly vocabularySize.
                words[t] = "w" + ((i * length + t) % (vocabularySize - 4));
            }
            sentences.add(words);
        }
        Corpus corpus = new Corpus("bench", sentences, null);
        Vocabulary vocabulary = Vocabulary.build(corpus, 0, 1);
        TextVaeSizes sizes = new TextVaeSizes(vocabulary.size(), size, size, latent, 0.5f, 0f);
        try (Model model = Model.newInstance("bench-text")) {
            model.setBlock(new TextVae(sizes, Vocabulary.UNK_ID));
            SentenceBatches data = SentenceBatches.shuffled(corpus, vocabulary, batchSize, new RandomStreams(1));
            int totalSteps = warmupSteps + timedSteps;
            VaeLoss loss = new VaeLoss(new CategoricalLikelihood());
            DefaultTrainingConfig config =
                    new DefaultTrainingConfig(loss)
                            .optOptimizer(ResumableAdam.fixedRate(1e-3))
                            .addTrainingListeners(
                                    BetaAnnealingListener.counting(
                                            ScheduleSpec.parse("cyclical:cycles=4").pure().orElseThrow(),
                                            loss,
                                            totalSteps,
                                            data.batchesPerEpoch(),
                                            0),
                                    new GradientNormClipping(5f));
            try (Trainer trainer = VaeTrainer.create(model, config)) {
                trainer.initialize(
                        new Shape(batchSize, length), new Shape(batchSize, length + 1), new Shape(batchSize));
                TimedSteps.Timing timing = TimedSteps.run(trainer, data, warmupSteps, timedSteps, () -> { });
                double seconds = timing.seconds();
                double sentencesPerSecond = (double) timedSteps * batchSize / seconds;
                return new Result(
                        sentencesPerSecond,
                        sentencesPerSecond * (length + 1),
                        seconds * 1000 / timedSteps,
                        timing.medianMsPerStep(),
                        timedSteps,
                        TimedSteps.torchThreads());
            }
        }
    }
}
