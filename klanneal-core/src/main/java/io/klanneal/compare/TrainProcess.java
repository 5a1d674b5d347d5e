package io.klanneal.compare;

import io.klanneal.io.BuildProperties;
import io.klanneal.io.Processes;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * How klanneal starts a JVM of its own, from the one definition in {@code
 * io/klanneal/launch.properties} (which {@code ./klanneal} reads too): the flags, the allocator
 * settings and the entry points. Above all the command line of one training of a comparison,
 * {@code klanneal train --config CONFIG --out DIR} or {@code klanneal train --resume DIR}, in a
 * JVM of its own: the engine's seed and thread count are per process, so runs cannot disturb each
 * other. Both {@code klanneal compare} and the Spark job start their runs with it.
 */
public final class TrainProcess {

    private static final Properties LAUNCH = BuildProperties.read(TrainProcess.class, "/io/klanneal/launch.properties");

    /** The command-line entry point a training process runs. */
    public static final String MAIN_CLASS = LAUNCH.getProperty("main.cli");

    /** The entry point of a comparison's Spark driver. */
    public static final String SPARK_MAIN_CLASS = LAUNCH.getProperty("main.spark");

    /**
     * glibc allocator settings a training process gets unless its environment sets them: freed
     * memory is kept for reuse instead of being returned to the kernel and faulted in again in the
     * next step (text training ~25% faster; docs/benchmarks.md, issue 15).
     */
    public static final Map<String, String> ALLOCATOR_ENVIRONMENT = allocatorEnvironment();

    // Set on a training process klanneal starts: the id and start instant of the process that
    // started it, which it must not outlive.
    private static final String PARENT_PROPERTY = "klanneal.parent";

    // How often a training process looks for its parent.
    private static final long PARENT_CHECK_MILLIS = 500;

    /** The exit code of a training process whose parent went away. */
    public static final int ORPHANED = 1;

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
        List<String> flags = new ArrayList<>(properties.stream().map(p -> "-D" + p).toList());
        ProcessHandle self = ProcessHandle.current();
        flags.add("-D" + PARENT_PROPERTY + "=" + self.pid() + "@" + Processes.started(self));
        List<String> command = jvm(java, flags, classpath, MAIN_CLASS);
        command.add("train");
        command.addAll(resume
                ? List.of("--resume", out.toString())
                : List.of("--config", config.toString(), "--out", out.toString()));
        if (threads > 0) {
            command.addAll(List.of("--threads", String.valueOf(threads)));
        }
        return command;
    }

    /**
     * Returns the start of any klanneal JVM's command line: {@code java}, klanneal's flags, the
     * caller's, the classpath and the main class; its arguments follow.
     *
     * @param java the {@code java} executable
     * @param flags flags of the caller's own, after klanneal's (a later {@code -D} wins)
     * @param classpath the classpath
     * @param mainClass the entry point
     * @return the command so far, to add the arguments to
     */
    public static List<String> jvm(Path java, List<String> flags, String classpath, String mainClass) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(Arrays.asList(LAUNCH.getProperty("jvm.flags").trim().split("\\s+")));
        command.addAll(flags);
        command.addAll(List.of("-cp", classpath, mainClass));
        return command;
    }

    /**
     * In a training process that {@link #command} started: ends this process when the one that
     * started it is gone, however it ended (SIGKILL included), so that no run trains on with
     * nobody to wait for it. Exiting runs the shutdown hooks, so run.json says the run was
     * interrupted, and the last complete checkpoint stays for the next comparison to resume. In a
     * process a user started it does nothing.
     */
    public static void exitWithParent() {
        String parent = System.getProperty(PARENT_PROPERTY);
        if (parent == null || !parent.contains("@")) {
            return;
        }
        long pid = Long.parseLong(parent.substring(0, parent.indexOf('@')));
        String started = parent.substring(parent.indexOf('@') + 1);
        Thread watch = new Thread(() -> {
            try {
                while (Processes.alive(pid, started)) {
                    Thread.sleep(PARENT_CHECK_MILLIS);
                }
                System.err.println("klanneal: the process that started this training (pid " + pid + ") is gone;"
                        + " stopping, its last checkpoint kept");
                System.exit(ORPHANED);
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            }
        }, "klanneal-parent-watch");
        watch.setDaemon(true);
        watch.start();
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

    private static Map<String, String> allocatorEnvironment() {
        Map<String, String> environment = new TreeMap<>();
        LAUNCH.stringPropertyNames().stream()
                .filter(name -> name.startsWith("env."))
                .forEach(name -> environment.put(name.substring("env.".length()), LAUNCH.getProperty(name)));
        return Map.copyOf(environment);
    }

}
