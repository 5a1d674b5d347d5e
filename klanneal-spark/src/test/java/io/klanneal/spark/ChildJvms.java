package io.klanneal.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The JVMs the Spark tests start (klanneal's command line, a Spark driver, master and workers) on
 * this module's test classpath, each logging to a file, with Spark's environment for Java 17.
 */
final class ChildJvms {

    private ChildJvms() {}

    /**
     * Returns dense runs long enough (400 steps each, a checkpoint every 20) to be stopped after
     * their second checkpoint, and dense so that a resumed run equals an uninterrupted one.
     */
    static List<String> longerDenseRuns(String schedules) {
        return List.of(
                "--model", "dense", "--train-limit", "6400", "--batch-size", "64", "--hidden", "256", "--latent", "4",
                "--threads", "1", "--no-progress", "--epochs", "4", "--checkpoint-every", "20",
                "--schedules", schedules);
    }

    /** Returns the flags that bind a driver to an address, with the application's web UI off. */
    static List<String> driverAt(String address) {
        return List.of("-Dspark.driver.bindAddress=" + address, "-Dspark.driver.host=" + address,
                "-Dspark.ui.enabled=false");
    }

    /** Returns the command that runs {@code klanneal compare OPTIONS --out OUT}. */
    static List<String> klanneal(Path out, List<String> flags, List<String> options) {
        List<String> command = java();
        command.addAll(flags);
        command.addAll(List.of("-Dai.djl.offline=true", "-cp", classpath(), "io.klanneal.cli.Klanneal", "compare"));
        command.addAll(options);
        command.addAll(List.of("--out", out.toString()));
        return command;
    }

    /** Returns the command that runs a Spark daemon (master, worker) from a Spark home's jars. */
    static List<String> sparkDaemon(Path home, String mainClass, String... args) {
        List<String> command = java();
        command.addAll(SparkJvm.javaOptions());
        command.addAll(List.of("-Dspark.ui.enabled=false", "-cp", home.resolve("jars") + "/*", mainClass));
        command.addAll(List.of(args));
        return command;
    }

    /** Returns the Spark home Maven fills (klanneal-spark/target/spark-home). */
    static Path sparkHome() {
        return Path.of("target", "spark-home").toAbsolutePath();
    }

    static String classpath() {
        return System.getProperty("java.class.path");
    }

    static List<String> java() {
        return new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    }

    /** Starts a command with its output in {@code log}, Spark's address set to {@code address}. */
    static Process start(List<String> command, Path log, String address, Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().put("SPARK_LOCAL_IP", address);
        builder.environment().put("SPARK_SCALA_VERSION", "2.13");
        builder.environment().put("SPARK_HOME", sparkHome().toString());
        builder.environment().putAll(env);
        return builder.start();
    }

    static List<String> concat(List<String> base, String... more) {
        List<String> all = new ArrayList<>(base);
        all.addAll(List.of(more));
        return all;
    }

    /** Returns a process's whole command line, NUL-separated and NUL-led ({@code ProcessHandle.Info} cuts it). */
    static String commandLine(long pid) {
        try {
            return "\0" + Files.readString(Path.of("/proc", String.valueOf(pid), "cmdline"));
        } catch (IOException | RuntimeException gone) {
            return "";
        }
    }

    /** Returns the argument after {@code flag} in a command line as {@link #commandLine} gives it. */
    static String argumentAfter(String flag, String commandLine) {
        List<String> args = List.of(commandLine.split("\0"));
        return args.get(args.indexOf(flag) + 1);
    }

    /** Returns what the file holds, or a placeholder for an assertion message. */
    static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no " + log.getFileName() + ")";
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
