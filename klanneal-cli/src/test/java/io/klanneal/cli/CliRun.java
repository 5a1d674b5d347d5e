package io.klanneal.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/** Runs the klanneal command line in-process, as {@code main} would, and keeps what it printed. */
final class CliRun {

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    /** Runs one command and returns its exit code. */
    int run(String... args) {
        CommandLine cli = Klanneal.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    /**
     * Starts the klanneal command line in a JVM of its own, on this classpath.
     *
     * @param args its arguments
     * @param log where its output goes
     * @return the process
     * @throws IOException if it cannot start
     */
    static Process start(List<String> args, Path log) throws IOException {
        return start(List.of(), args, log);
    }

    /**
     * Starts the klanneal command line in a JVM of its own with flags of its own (e.g. the collector's).
     *
     * @param jvmFlags flags for the JVM
     * @param args its arguments
     * @param log where its output goes
     * @return the process
     * @throws IOException if it cannot start
     */
    static Process start(List<String> jvmFlags, List<String> args, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmFlags);
        command.addAll(List.of("-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                Klanneal.class.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
