package io.klanneal.cli;

import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.klanneal.config.DataOptions;
import io.klanneal.record.RunDirectory;
import io.klanneal.run.SavedModel;
import io.klanneal.text.Corpus;
import io.klanneal.text.SentenceBatches;
import io.klanneal.text.TextDiagnostics;
import io.klanneal.text.TextEvaluation;
import io.klanneal.text.TextModelStore;
import io.klanneal.text.Vocabulary;
import io.klanneal.train.RandomStreams;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code klanneal eval}: every diagnostic of a trained model on held-out data. */
@Command(
        name = "eval",
        mixinStandardHelpOptions = true,
        description = "Report reconstruction, KL, -ELBO, active units, mutual information and the"
                + " importance-weighted NLL of a trained model on held-out data (text: and perplexity).")
final class EvalCommand implements Callable<Integer> {

    private static final long PROGRESS_EVERY_NANOS = 5_000_000_000L;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SavedRun saved;

    @Option(
            names = "--data",
            paramLabel = "DATA",
            description = "Text: a file, one sentence per line (default: the run's held-out sentences, RUN/"
                    + RunDirectory.HELD_OUT_FILE + "). Other kinds: a value of option data for the run's"
                    + " kind, e.g. idx:DIR, whose held-out split is evaluated (default: the run's own data).")
    String data;

    @Option(
            names = "--iw-samples",
            paramLabel = "K",
            defaultValue = "500",
            description = "K of the importance-weighted NLL (0: skip). Default: ${DEFAULT-VALUE}.")
    int iwSamples;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Sentences per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seeds the importance and mutual-information samples. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (iwSamples < 0 || batchSize < 1) {
            throw new IllegalArgumentException("--iw-samples must be >= 0 and --batch-size >= 1");
        }
        if (!TextModelStore.holdsModel(saved.run())) {
            return evaluate();
        }
        Path data = this.data != null ? Path.of(this.data) : saved.run().resolve(RunDirectory.HELD_OUT_FILE);
        if (this.data == null && !Files.isRegularFile(data)) {
            throw new IllegalArgumentException(
                    saved.run + " holds no " + RunDirectory.HELD_OUT_FILE
                            + " (older runs did not keep their held-out sentences); give --data FILE");
        }
        Corpus corpus = Corpus.read(data);
        try (TextModelStore.Loaded loaded = saved.load();
                NDManager manager = loaded.model().getNDManager().newSubManager()) {
            Vocabulary.OutOfVocabulary unknown = loaded.vocabulary().outOfVocabulary(corpus);
            unknown.warning(data.toString()).ifPresent(this::warn);
            RandomStreams streams = new RandomStreams(seed);
            streams.seedEngine(RandomStreams.Purpose.INFERENCE);
            SentenceBatches sentences =
                    SentenceBatches.inOrder(corpus, loaded.vocabulary(), batchSize);
            TextDiagnostics d =
                    TextEvaluation.evaluate(
                            loaded.block(),
                            new ParameterStore(loaded.model().getNDManager(), false),
                            manager,
                            sentences,
                            iwSamples,
                            streams.random(RandomStreams.Purpose.MUTUAL_INFORMATION),
                            progress(sentences.size(), "sentences"));
            spec.commandLine().getOut().printf(
                    Locale.ROOT,
                    "file %s: %d sentences, %d predicted tokens%n"
                            + "reconstruction %.4f nats/sentence%nKL %.4f nats/sentence%n"
                            + "-ELBO %.4f nats/sentence%nperplexity (ELBO) %.3f%n"
                            + "active units %d of %d%nmutual information %.4f nats%n"
                            + "IW NLL (K=%d) %.4f nats/sentence%nIW perplexity %.3f%n"
                            + "out-of-vocabulary words %.2f%% (%d of %d)%n",
                    data,
                    d.sentences(),
                    d.tokens(),
                    d.reconstruction(),
                    d.kl(),
                    d.elbo(),
                    d.perplexity(),
                    d.activeUnits(),
                    loaded.block().latent(),
                    d.mutualInformation(),
                    d.iwSamples(),
                    d.iwNll(),
                    d.iwPerplexity(),
                    100 * unknown.rate(),
                    unknown.unknown(),
                    unknown.words());
        }
        return 0;
    }

    // Any other kind, through what its recipe offers: the loss terms and, for a PosteriorModel,
    // the posterior diagnostics.
    private int evaluate() throws Exception {
        try (SavedModel model = SavedModel.load(saved.run(), data, batchSize)) {
            SavedModel.Evaluation e = model.evaluate(iwSamples, seed, progress(-1, "examples"));
            PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "%s model, data %s (held-out split)%nreconstruction %.4f nats/example%n"
                            + "KL %.4f nats/example%n-ELBO %.4f nats/example%n",
                    model.config().model().name(), model.config().get(DataOptions.DATA),
                    e.terms().reconstruction(), e.terms().kl(), e.terms().elbo());
            e.posterior().ifPresentOrElse(p -> {
                out.printf(Locale.ROOT, "examples %d%nactive units %d of %d%nmutual information %.4f nats%n",
                        p.examples(), p.activeUnits(), model.latent(), p.mutualInformation());
                if (iwSamples > 0) {
                    out.printf(Locale.ROOT, "IW NLL (K=%d) %.4f nats/example%n", iwSamples, p.iwNll());
                }
            }, () -> out.println("(no active units, mutual information or IW NLL: the "
                    + model.config().model().name() + " block is not an io.klanneal.train.PosteriorModel)"));
            out.flush();
        }
        return 0;
    }

    private void warn(String warning) {
        spec.commandLine().getErr().println("klanneal: warning: " + warning);
    }

    // A line on stderr at most every few seconds and after the last batch (of a known total): K
    // importance samples per example make eval take minutes on a CPU.
    private IntConsumer progress(int total, String unit) {
        PrintWriter err = spec.commandLine().getErr();
        long started = System.nanoTime();
        long[] lastLine = {started};
        return done -> {
            long now = System.nanoTime();
            if (done == total || now - lastLine[0] >= PROGRESS_EVERY_NANOS) {
                err.printf(Locale.ROOT, "eval: %d%s %s, %.0f s%n",
                        done, total > 0 ? " of " + total : "", unit, (now - started) / 1e9);
                err.flush();
                lastLine[0] = now;
            }
        };
    }
}
