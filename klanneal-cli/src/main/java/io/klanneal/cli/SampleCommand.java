package io.klanneal.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.klanneal.run.SavedModel;
import io.klanneal.text.TextGenerator;
import io.klanneal.text.TextModelStore;
import io.klanneal.train.RandomStreams;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code klanneal sample}: decode sentences from z drawn from the prior. */
@Command(
        name = "sample",
        mixinStandardHelpOptions = true,
        description = "Generate from z ~ N(0, I) with a trained model: a text model's sentences, greedy and"
                + " sampled, on the terminal; other kinds into a file (images: a PNG grid).")
final class SampleCommand implements Callable<Integer> {

    private static final int SENTENCE_COUNT = 5;
    private static final int GRID_COUNT = 64;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SavedRun saved;

    @Option(names = {"-n", "--count"}, paramLabel = "N",
            description = "Latent codes. Default: " + SENTENCE_COUNT + " sentences; other kinds " + GRID_COUNT + ".")
    Integer count;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE",
            description = "Where other kinds write their samples. Default: RUN/samples.EXT (e.g. samples.png).")
    Path out;

    @Mixin Decoding decoding;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seeds the latent codes and the sampled words. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count != null && count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        if (!TextModelStore.holdsModel(saved.run())) {
            return writeSamples();
        }
        if (out != null) {
            throw new IllegalArgumentException("--out is for models that write their samples to a file; a text"
                    + " model's sentences go to the terminal (redirect them: > FILE)");
        }
        int count = this.count != null ? this.count : SENTENCE_COUNT;
        try (TextModelStore.Loaded loaded = saved.load();
                NDManager manager = loaded.model().getNDManager().newSubManager()) {
            TextGenerator generator = new TextGenerator(loaded, decoding.length());
            RandomStreams streams = new RandomStreams(seed);
            streams.seedEngine(RandomStreams.Purpose.INFERENCE);
            NDArray z = manager.randomNormal(new ai.djl.ndarray.types.Shape(count, loaded.block().latent()));
            List<String> greedy = generator.decode(manager, z, null);
            List<String> sampled = generator.decode(manager, z, streams.random(RandomStreams.Purpose.INFERENCE));
            PrintWriter terminal = spec.commandLine().getOut();
            for (int i = 0; i < count; i++) {
                terminal.printf("z%d greedy : %s%n", i + 1, greedy.get(i));
                terminal.printf("z%d sampled: %s%n", i + 1, sampled.get(i));
            }
            terminal.flush();
        }
        return 0;
    }

    // Any other kind, through its recipe's sampler.
    private int writeSamples() throws Exception {
        if (spec.commandLine().getParseResult().hasMatchedOption("--decode-length")) {
            throw new IllegalArgumentException("--decode-length is for text models only");
        }
        try (SavedModel model = SavedModel.load(saved.run(), null, 0)) {
            if (!model.generates()) {
                throw new IllegalArgumentException("the " + model.config().model().name() + " model of "
                        + saved.run() + " does not generate samples (its kind offers no sampler)");
            }
            Path file = out != null ? out : saved.run().resolve("samples." + model.sampleExtension());
            model.sample(count != null ? count : GRID_COUNT, seed, file);
            spec.commandLine().getOut().println("wrote " + file);
        }
        return 0;
    }
}
