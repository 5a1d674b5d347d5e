package io.klanneal.compare;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How the runs of a comparison share this machine: how many train at a time, and with how many
 * engine threads each.
 *
 * <p>Chosen by itself ({@link #auto}), it trains as many runs at a time as there are cores, one
 * engine thread each, while there are runs and memory for them; cores left over when there are
 * fewer runs than cores go to the runs as threads. Measured here (docs/benchmarks.md, issues 15 and
 * 28): a run's step gains at most 1.57x from a second engine thread (the text model; the dense one
 * gains nothing), while two runs side by side each keep most of a core's speed, so the cores do
 * more work as separate runs than as threads of one. A run at one thread also repeats bit for bit.
 *
 * @param jobs runs at a time, at least 1
 * @param threads engine threads each run is given, or 0 to leave them to the run's options (the
 *     engine's default: one per core)
 */
public record Packing(int jobs, int threads) {

    /**
     * The memory one training process is allowed for when packing: the peaks measured here are
     * 0.6–0.7 GiB for the dense and text models and up to 1 GiB for the PixelCNN plugin
     * (docs/benchmarks.md), with room for larger vocabularies.
     */
    static final long MEMORY_PER_RUN = 1536L << 20;

    private static final Path MEMINFO = Path.of("/proc/meminfo");

    public Packing {
        if (jobs < 1) {
            throw new IllegalArgumentException("option jobs: must be at least 1, got " + jobs);
        }
        if (threads < 0) {
            throw new IllegalArgumentException("threads per run must be at least 0, got " + threads);
        }
    }

    /**
     * Packs the runs onto the cores: as many at a time as cores, runs and memory allow, the cores
     * left over shared out as threads; when the runs set their threads themselves, as many at a
     * time as fit the cores with those threads.
     *
     * @param runs the runs still to train
     * @param cores the cores this process may use
     * @param availableMemory the memory free for new processes, or empty when unknown
     * @param runThreads the most threads a run's own options give it, or empty when none sets them
     * @return the packing
     */
    public static Packing auto(int runs, int cores, OptionalLong availableMemory, OptionalInt runThreads) {
        int fitMemory = availableMemory.isPresent()
                ? (int) Math.max(1, Math.min(Integer.MAX_VALUE, availableMemory.getAsLong() / MEMORY_PER_RUN))
                : Integer.MAX_VALUE;
        int threadsEach = runThreads.orElse(1);
        int jobs = Math.max(1, Math.min(Math.min(runs, fitMemory), cores / Math.max(1, threadsEach)));
        if (runThreads.isPresent() || jobs == 1) {
            return new Packing(jobs, 0); // the runs' own threads, or one run with every core by default
        }
        return new Packing(jobs, Math.max(1, cores / jobs));
    }

    /**
     * Packs this machine's runs by itself: {@link #auto} with its cores and free memory.
     *
     * @param runs the runs still to train
     * @param runThreads the most threads a run's own options give it, or empty when none sets them
     * @return the packing
     */
    public static Packing auto(int runs, OptionalInt runThreads) {
        return auto(runs, Runtime.getRuntime().availableProcessors(), availableMemory(), runThreads);
    }

    /**
     * The packing of option jobs as the user gave it: each run gets its share of the cores as
     * threads, unless the runs set their threads or one runs at a time (then the engine's default).
     *
     * @param jobs runs at a time
     * @param cores the cores this process may use
     * @param runsSetThreads whether a run's own options set its threads
     * @return the packing
     */
    public static Packing ofJobs(int jobs, int cores, boolean runsSetThreads) {
        return new Packing(jobs, runsSetThreads || jobs <= 1 ? 0 : Math.max(1, cores / jobs));
    }

    /**
     * The packing of option jobs as the user gave it, on this machine's cores, for a plan's runs.
     *
     * @param jobs runs at a time
     * @param plan the comparison, whose runs may set their threads
     * @return the packing
     */
    public static Packing ofJobs(int jobs, ComparisonPlan plan) {
        return ofJobs(jobs, Runtime.getRuntime().availableProcessors(), plan.threadsSet().isPresent());
    }

    /** Returns how the runs share the machine, for the line compare prints before training. */
    public String describe() {
        return String.format(Locale.ROOT, "%d at a time, %s", jobs,
                threads == 0 ? "threads as each run's options say" : threads + (threads == 1 ? " engine thread" : " engine threads") + " each");
    }

    // Linux's estimate of the memory new processes can take without swapping.
    private static OptionalLong availableMemory() {
        try {
            for (String line : Files.readAllLines(MEMINFO)) {
                if (line.startsWith("MemAvailable:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("\\D", "")) * 1024);
                }
            }
        } catch (IOException | NumberFormatException | SecurityException e) {
            return OptionalLong.empty();
        }
        return OptionalLong.empty();
    }
}
