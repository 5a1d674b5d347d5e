package io.klanneal.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.klanneal.text.TextGenerator;
import io.klanneal.text.TextModelStore;
import io.klanneal.train.RandomStreams;
import java.io.PrintWriter;
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
        description = "Decode sentences from z ~ N(0, I) with a saved text model, greedy and sampled.")
final class SampleCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Mixin SavedRun saved;

    @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "5", description = "Latent codes. Default: ${DEFAULT-VALUE}.")
    int count;

    @Mixin Decoding decoding;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "1",
            description = "Seeds the latent codes and the sampled words. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws Exception {
        if (count < 1) {
            throw new IllegalArgumentException("--count must be at least 1, got " + count);
        }
        try (TextModelStore.Loaded loaded = saved.load();
                NDManager manager = loaded.model().getNDManager().newSubManager()) {
            TextGenerator generator = new TextGenerator(loaded, decoding.length());
            RandomStreams streams = new RandomStreams(seed);
            streams.seedEngine(RandomStreams.Purpose.INFERENCE);
            NDArray z = manager.randomNormal(new ai.djl.ndarray.types.Shape(count, loaded.block().latent()));
            List<String> greedy = generator.decode(manager, z, null);
            List<String> sampled = generator.decode(manager, z, streams.random(RandomStreams.Purpose.INFERENCE));
            PrintWriter out = spec.commandLine().getOut();
            for (int i = 0; i < count; i++) {
                out.printf("z%d greedy : %s%n", i + 1, greedy.get(i));
                out.printf("z%d sampled: %s%n", i + 1, sampled.get(i));
            }
            out.flush();
        }
        return 0;
    }
}
