package io.klanneal.cli;

import io.klanneal.compare.TrainProcess;
import io.klanneal.io.StorageException;
import io.klanneal.run.ModelRecipes;
import io.klanneal.run.RunConfigFile;
import io.klanneal.train.TrainingDivergedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
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
            BenchCommand.class,
            ModelsCommand.class
        })
public final class Klanneal {

    // Read before parsing (execute): a plugin's model kind brings flags of its own.
    @picocli.CommandLine.Option(
            names = PluginOption.FLAG,
            paramLabel = "JAR",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            description = "A jar holding a model kind of one's own (see klanneal models); repeatable."
                    + " A run records it in config.json with its SHA-256.")
    private List<Path> plugins = List.of();

    /** Exit code for bad input: a bad spec, file or option value. */
    static final int BAD_INPUT = 2;

    /** Exit code for a failure of the engine or the JVM while a command ran. */
    static final int FAILED = 1;

    public static void main(String[] args) {
        CliLogging.configure();
        // A training process of compare or of a Spark task does not outlive the process it serves.
        TrainProcess.exitWithParent();
        System.exit(execute(args));
    }

    /**
     * Runs a command line: loads the plugin jars it names, then parses and runs it.
     *
     * @param args the arguments
     * @return the exit code
     */
    static int execute(String... args) {
        try {
            ModelRecipes.addPlugins(PluginOption.given(args));
        } catch (IllegalArgumentException e) {
            System.err.println("klanneal: error: " + e.getMessage());
            return BAD_INPUT;
        }
        return commandLine().execute(args);
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
                    // The input was fine: the device was full or read-only.
                    if (cause instanceof StorageException) {
                        commandLine.getErr().println("klanneal: error: " + cause.getMessage());
                        return FAILED;
                    }
                    IOException storage = StorageException.cause(cause);
                    if (storage != null) {
                        commandLine.getErr().println("klanneal: error: " + storage.getMessage()
                                + " (the device is full or read-only: free space or write elsewhere, then try again)");
                        return FAILED;
                    }
                    if (cause instanceof IllegalArgumentException
                            || cause instanceof IOException
                            || cause instanceof TrainingDivergedException) {
                        commandLine.getErr().println("klanneal: error: " + asFlags(cause.getMessage()));
                        return BAD_INPUT;
                    }
                    // The engine's and the JVM's failures: one line, not a stack trace.
                    commandLine.getErr().println("klanneal: error: " + describeFailure(cause));
                    return FAILED;
                });
        return cli;
    }

    /**
     * Says in one line what failed, and for running out of memory what ran out and why that
     * usually happens.
     *
     * @param failure what a command threw, not bad input
     * @return the line, without the {@code klanneal: error:} prefix
     */
    static String describeFailure(Throwable failure) {
        String message = String.valueOf(failure.getMessage()).lines().findFirst().orElse("").trim();
        if (failure instanceof OutOfMemoryError) {
            return "the JVM ran out of memory (" + message + "); give it more with"
                    + " KLANNEAL_JAVA_OPTS=-Xmx8g, or lower --batch-size";
        }
        java.util.regex.Matcher bytes =
                java.util.regex.Pattern.compile("not enough memory: you tried to allocate (\\d+) bytes").matcher(message);
        if (bytes.find()) {
            return String.format(
                    java.util.Locale.ROOT,
                    "the engine ran out of memory allocating %.1f GB for one array: one batch is too"
                            + " large; lower --batch-size, or for text --max-length (long sentences"
                            + " pad their whole batch)",
                    Long.parseLong(bytes.group(1)) / 1e9);
        }
        return failure.getClass().getSimpleName() + ": " + message;
    }

    // Core names options ("option lr"); on the command line they are flags ("--lr").
    static String asFlags(String message) {
        return String.valueOf(message).replaceAll("\\boption ([a-z][a-z0-9]*(-[a-z0-9]+)*)\\b", "--$1");
    }
}
