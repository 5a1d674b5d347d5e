package io.klanneal.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
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
}
