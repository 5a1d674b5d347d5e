package io.klanneal.cli;

import io.klanneal.run.RunConfigFile;
import io.klanneal.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code klanneal} command: train VAEs with KL-annealing schedules. */
@Command(
        name = "klanneal",
        mixinStandardHelpOptions = true,
        description = "Train variational autoencoders with KL-annealing (beta) schedules.",
        subcommands = {
            ScheduleCommand.class,
            TrainCommand.class,
            CompareCommand.class,
            ReportCommand.class,
            EvalCommand.class,
            SampleCommand.class,
            InterpolateCommand.class,
            BenchCommand.class
        })
public final class Klanneal {

    /** Exit code for bad input: a bad spec, file or option value. */
    static final int BAD_INPUT = 2;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** Returns the command line with klanneal's error handling, for main and for tests. */
    static CommandLine commandLine() {
        // Nothing is downloaded at run time: DJL's native library comes from the Maven jar.
        System.setProperty("ai.djl.offline", System.getProperty("ai.djl.offline", "true"));
        System.setProperty("java.awt.headless", "true");
        CommandLine cli = new CommandLine(new Klanneal());
        // -V on every command says the version config.json records, from the build.
        CommandLine.IVersionProvider version = () -> new String[] {"klanneal " + RunConfigFile.klannealVersion()};
        cli.getCommandSpec().versionProvider(version);
        cli.getSubcommands().values().forEach(sub -> sub.getCommandSpec().versionProvider(version));
        // A mistyped option gets one line naming it, not the whole usage.
        cli.setParameterExceptionHandler((e, args) -> {
            CommandLine command = e.getCommandLine();
            command.getErr().println("klanneal: error: " + e.getMessage().lines().findFirst().orElse("")
                    + " (see " + command.getCommandSpec().qualifiedName(" ") + " --help)");
            return BAD_INPUT;
        });
        cli.setExecutionExceptionHandler(
                (e, commandLine, parseResult) -> {
                    Throwable cause = e instanceof UncheckedIOException ? e.getCause() : e;
                    if (cause instanceof IllegalArgumentException
                            || cause instanceof IOException
                            || cause instanceof TrainingDivergedException) {
                        commandLine.getErr().println("klanneal: error: " + asFlags(cause.getMessage()));
                        return BAD_INPUT;
                    }
                    throw e;
                });
        return cli;
    }

    // Core names options ("option lr"); on the command line they are flags ("--lr").
    static String asFlags(String message) {
        return String.valueOf(message).replaceAll("\\boption ([a-z][a-z0-9]*(-[a-z0-9]+)*)\\b", "--$1");
    }
}
