package io.klanneal.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.klanneal.text.Corpus;
import io.klanneal.text.TextGenerator;
import io.klanneal.text.TextModelStore;
import io.klanneal.text.Vocabulary;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code klanneal interpolate A B}: greedy decodes along the line between two posterior means. */
@Command(
        name = "interpolate",
        mixinStandardHelpOptions = true,
        description = "Decode (greedily) points on the line between the posterior means of two sentences.")
final class InterpolateCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "A", description = "First sentence (tokens separated by spaces).")
    String first;

    @Parameters(index = "1", paramLabel = "B", description = "Second sentence.")
    String second;

    @Mixin SavedRun saved;

    @Option(names = "--points", paramLabel = "N", defaultValue = "7", description = "Points from A to B, ends included. Default: ${DEFAULT-VALUE}.")
    int points;

    @Mixin Decoding decoding;

    @Override
    public Integer call() throws Exception {
        if (points < 2) {
            throw new IllegalArgumentException("--points must be at least 2, got " + points);
        }
        try (TextModelStore.Loaded loaded = saved.load();
                NDManager manager = loaded.model().getNDManager().newSubManager()) {
            // Unknown words all read as <unk>: two sentences of them encode alike and decode alike.
            Corpus inputs = new Corpus("A and B", List.of(first.strip().split("\\s+"), second.strip().split("\\s+")), null);
            Vocabulary.OutOfVocabulary unknown = loaded.vocabulary().outOfVocabulary(inputs);
            unknown.warning("A and B").ifPresent(w -> spec.commandLine().getErr().println("klanneal: warning: " + w));
            TextGenerator generator = new TextGenerator(loaded, decoding.length());
            NDArray means = generator.posteriorMeans(manager, List.of(first, second));
            NDArray a = means.get(0);
            NDArray b = means.get(1);
            NDList line = new NDList();
            for (int i = 0; i < points; i++) {
                float t = (float) i / (points - 1);
                line.add(a.mul(1 - t).add(b.mul(t)));
            }
            List<String> decoded = generator.decode(manager, NDArrays.stack(line), null);
            PrintWriter out = spec.commandLine().getOut();
            for (int i = 0; i < points; i++) {
                out.printf(Locale.ROOT, "%.2f  %s%n", (double) i / (points - 1), decoded.get(i));
            }
            out.flush();
        }
        return 0;
    }
}
