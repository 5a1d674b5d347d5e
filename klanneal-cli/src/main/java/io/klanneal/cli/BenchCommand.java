package io.klanneal.cli;

import io.klanneal.run.DenseBenchmark;
import io.klanneal.run.TextBenchmark;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code klanneal bench dense}: training throughput on the current thread settings. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Measure steady-state training throughput. Threads: set"
                + " -Dai.djl.pytorch.num_threads=N through KLANNEAL_JAVA_OPTS.")
final class BenchCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "dense (784-512-2, batch 128) or text (V=10000,"
            + " E=H=256, z=32, batch 32, 30 tokens)")
    String model;

    @Option(names = "--steps", paramLabel = "N", description = "Timed steps. Default: dense 400, text 20.")
    Integer steps;

    @Option(names = "--warmup", paramLabel = "N", description = "Untimed steps first. Default: dense 50, text 3.")
    Integer warmup;

    @Override
    public Integer call() throws Exception {
        boolean dense = model.equals("dense");
        if (!dense && !model.equals("text")) {
            throw new IllegalArgumentException(
                    "unknown benchmark '" + model + "'; expected dense or text");
        }
        int timed = steps != null ? steps : dense ? 400 : 20;
        int untimed = warmup != null ? warmup : dense ? 50 : 3;
        if (timed < 1 || untimed < 0) {
            throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0");
        }
        if (dense) {
            DenseBenchmark.Result r = DenseBenchmark.run(512, 2, 128, untimed, timed);
            spec.commandLine().getOut().printf(
                    Locale.ROOT,
                    "dense VAE 784-512-2, batch 128, %d timed steps, torch threads %d%n"
                            + "examples/s %.0f%nms/step %.3f%nannealing share %.4f%%%n",
                    r.timedSteps(),
                    r.threads(),
                    r.examplesPerSecond(),
                    r.msPerStep(),
                    100 * r.annealingShare());
        } else {
            TextBenchmark.Result r = TextBenchmark.run(10_000, 256, 32, 32, 29, untimed, timed);
            spec.commandLine().getOut().printf(
                    Locale.ROOT,
                    "text VAE V=10000 E=H=256 z=32, batch 32, 30 tokens, %d timed steps,"
                            + " torch threads %d%nsentences/s %.1f%ntokens/s %.0f%nms/step %.1f%n",
                    r.timedSteps(),
                    r.threads(),
                    r.sentencesPerSecond(),
                    r.tokensPerSecond(),
                    r.msPerStep());
        }
        return 0;
    }
}
