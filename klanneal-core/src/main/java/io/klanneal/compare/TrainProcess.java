package io.klanneal.compare;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The command line of one training of a comparison, {@code klanneal train --config CONFIG --out DIR}
 * or {@code klanneal train --resume DIR}, in a JVM of its own: the engine's seed and thread count are
 * per process, so runs cannot disturb each other. Both {@code klanneal compare} and the Spark job
 * start their runs with it.
 */
public final class TrainProcess {

    /** The command-line entry point the process runs. */
    public static final String MAIN_CLASS = "io.klanneal.cli.Klanneal";

    /**
     * glibc allocator settings a training process gets unless its environment sets them: freed
     * memory is kept for reuse instead of being returned to the kernel and faulted in again in the
     * next step (text training ~25% faster; docs/benchmarks.md, issue 15). {@code ./klanneal} exports
     * the same for the process it starts.
     */
    public static final Map<String, String> ALLOCATOR_ENVIRONMENT =
            Map.of("MALLOC_MMAP_MAX_", "0", "MALLOC_TRIM_THRESHOLD_", "4294967296");

    private TrainProcess() {}

    /**
     * Returns the command.
     *
     * @param java the {@code java} executable
     * @param classpath a classpath holding klanneal's command line and its dependencies
     * @param properties {@code -D} settings to pass on (DJL's, e.g. {@code ai.djl.offline})
     * @param config the run's options file ({@code config.json} format)
     * @param out its run directory
     * @param threads the engine threads it may use, or 0 for the engine's default
     * @param resume whether to continue the run in {@code out} from its newest checkpoint
     * @return the command and its arguments
     */
    public static List<String> command(
            Path java, String classpath, List<String> properties, Path config, Path out, int threads, boolean resume) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        properties.forEach(p -> command.add("-D" + p));
        command.add("-Djava.awt.headless=true");
        command.addAll(List.of("-cp", classpath, MAIN_CLASS, "train"));
        command.addAll(resume
                ? List.of("--resume", out.toString())
                : List.of("--config", config.toString(), "--out", out.toString()));
        if (threads > 0) {
            command.addAll(List.of("--threads", String.valueOf(threads)));
        }
        return command;
    }

    /** Returns this JVM's {@code ai.djl.*} settings as {@code NAME=VALUE}, to pass on. */
    public static List<String> djlProperties() {
        return System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("ai.djl."))
                .sorted()
                .map(name -> name + "=" + System.getProperty(name))
                .toList();
    }

    /** Returns this JVM's {@code java} executable. */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }
}
