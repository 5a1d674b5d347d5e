package io.klanneal.cli;

import io.klanneal.run.DenseBenchmark;
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

    @Parameters(paramLabel = "MODEL", description = "dense")
    String model;

    @Option(names = "--steps", defaultValue = "400", description = "Timed steps. Default: ${DEFAULT-VALUE}.")
    int steps;

    @Option(names = "--warmup", defaultValue = "50", description = "Untimed steps first. Default: ${DEFAULT-VALUE}.")
    int warmup;

    @Option(names = "--batch-size", defaultValue = "128", description = "Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--latent", defaultValue = "2", description = "Default: ${DEFAULT-VALUE} (784-512-2).")
    int latent;

    @Option(names = "--hidden", defaultValue = "512", description = "Default: ${DEFAULT-VALUE}.")
    int hidden;

    @Override
    public Integer call() throws Exception {
        if (!model.equals("dense")) {
            throw new IllegalArgumentException("unknown benchmark '" + model + "'; expected dense");
        }
        if (steps < 1 || warmup < 0) {
            throw new IllegalArgumentException("--steps must be >= 1 and --warmup >= 0");
        }
        DenseBenchmark.Result r = DenseBenchmark.run(hidden, latent, batchSize, warmup, steps);
        spec.commandLine().getOut().printf(
                Locale.ROOT,
                "dense VAE 784-%d-%d, batch %d, %d timed steps, torch threads %d%n"
                        + "examples/s %.0f%nms/step %.3f%nannealing share %.4f%%%n",
                hidden,
                latent,
                batchSize,
                r.timedSteps(),
                r.threads(),
                r.examplesPerSecond(),
                r.msPerStep(),
                100 * r.annealingShare());
        return 0;
    }
}
