package io.klanneal.cli;

import io.klanneal.bench.DenseBenchmark;
import io.klanneal.bench.PeakMemory;
import io.klanneal.bench.TextBenchmark;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.engine.PyTorch;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.IModelTransformer;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code klanneal bench dense|text}: training throughput and peak memory. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        modelTransformer = BenchCommand.ThreadsOption.class,
        description = "Measure steady-state training throughput and the process's peak resident memory.")
final class BenchCommand implements Callable<Integer> {

    private static final TrainOption<Integer> THREADS = OptimisationOptions.THREADS;

    @Spec CommandSpec spec;

    @Parameters(paramLabel = "MODEL", description = "dense (784-512-2, batch 128) or text (V=10000,"
            + " E=H=256, z=32, batch 32, 30 tokens)")
    String model;

    @picocli.CommandLine.Option(names = "--steps", paramLabel = "N", description = "Timed steps. Default: dense 936 (two epochs of"
            + " 60,000 examples, as the bare DJL loop times), text 20.")
    Integer steps;

    @picocli.CommandLine.Option(names = "--warmup", paramLabel = "N", description = "Untimed steps first. Default: dense 468 (one"
            + " epoch, as the bare DJL loop warms up), text 3.")
    Integer warmup;

    /** Adds training's {@code --threads}, with its own description and range. */
    static final class ThreadsOption implements IModelTransformer {
        @Override
        public CommandSpec transform(CommandSpec command) {
            command.addOption(OptionSpec.builder(THREADS.flag())
                    .description(THREADS.summary())
                    .type(String.class)
                    .paramLabel(THREADS.type().label())
                    .build());
            return command;
        }
    }

    @Override
    public Integer call() throws Exception {
        boolean dense = model.equals("dense");
        if (!dense && !model.equals("text")) {
            throw new IllegalArgumentException(
                    "unknown benchmark '" + model + "'; expected dense or text");
        }
        // Dense: the bare DJL loop's shape (../shared/baselines), one epoch untimed while the JIT
        // compiles, then two timed; fewer warm-up steps time the compiler too (docs/benchmarks.md).
        int timed = steps != null ? steps : dense ? 936 : 20;
        int untimed = warmup != null ? warmup : dense ? 468 : 3;
        if (timed < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + timed);
        }
        if (untimed < 0) {
            throw new IllegalArgumentException("--warmup must be at least 0, got " + untimed);
        }
        String threads = spec.commandLine().getParseResult().matchedOptionValue(THREADS.flag(), (String) null);
        if (threads != null) {
            PyTorch.setThreads(THREADS.parse(threads));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (dense) {
            DenseBenchmark.Result r = DenseBenchmark.run(512, 2, 128, untimed, timed);
            out.printf(
                    Locale.ROOT,
                    "dense VAE 784-512-2, batch 128, %d timed steps, torch threads %d%n"
                            + "examples/s %.0f%nms/step %.3f%nmedian ms/step %.3f%nannealing share %.4f%%%n",
                    r.timedSteps(),
                    r.threads(),
                    r.examplesPerSecond(),
                    r.msPerStep(),
                    r.medianMsPerStep(),
                    100 * r.annealingShare());
        } else {
            TextBenchmark.Result r = TextBenchmark.run(10_000, 256, 32, 32, 29, untimed, timed);
            out.printf(
                    Locale.ROOT,
                    "text VAE V=10000 E=H=256 z=32, batch 32, 30 tokens, %d timed steps,"
                            + " torch threads %d%nsentences/s %.1f%ntokens/s %.0f%nms/step %.1f%nmedian ms/step %.1f%n",
                    r.timedSteps(),
                    r.threads(),
                    r.sentencesPerSecond(),
                    r.tokensPerSecond(),
                    r.msPerStep(),
                    r.medianMsPerStep());
        }
        OptionalLong peak = PeakMemory.residentBytes();
        out.println(peak.isPresent()
                ? String.format(Locale.ROOT, "peak resident MiB %.0f", peak.getAsLong() / 1048576.0)
                : "peak resident MiB unknown (no /proc/self/status)");
        return 0;
    }
}
