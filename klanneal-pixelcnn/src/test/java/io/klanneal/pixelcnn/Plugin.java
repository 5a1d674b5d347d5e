package io.klanneal.pixelcnn;

import io.klanneal.compare.TrainProcess;
import io.klanneal.run.PluginJars;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The PixelCNN model kind as a user meets it: a jar made from this module's classes, given to
 * klanneal's command line with {@code --plugin}, in processes whose class path lacks this module,
 * so that klanneal finds the kind only through the jar.
 */
final class Plugin {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    private Plugin() {}

    /** Packs this module's compiled classes and service file into a jar, as {@code mvn package} would. */
    static Path jar(Path dir) throws IOException {
        return PluginJars.pack(MODULE.resolve("target/classes"), dir.resolve("klanneal-pixelcnn.jar"));
    }

    /** Returns this JVM's class path without this module's own classes: klanneal and its dependencies. */
    static String klannealClassPath() {
        return PluginJars.classPathWithout(MODULE);
    }

    /** Starts {@code klanneal ARGS} in a JVM of its own, its output going to {@code log}. */
    static Process start(List<String> args, Path log) throws IOException {
        return start(List.of(), args, log);
    }

    /** Starts {@code klanneal ARGS} in a JVM of its own with system properties ({@code NAME=VALUE}) too. */
    static Process start(List<String> properties, List<String> args, Path log) throws IOException {
        List<String> settings = new ArrayList<>(TrainProcess.djlProperties());
        settings.addAll(properties);
        List<String> command = TrainProcess.jvm(
                TrainProcess.java(),
                settings.stream().map(p -> "-D" + p).toList(),
                klannealClassPath(),
                TrainProcess.MAIN_CLASS);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(TrainProcess.ALLOCATOR_ENVIRONMENT);
        return builder.start();
    }

    /** The outcome of one command: its exit code and what it printed. */
    record Result(int code, String output) {}

    /** Runs {@code klanneal ARGS} to its end (10 minutes at most). */
    static Result run(Path dir, String... args) throws IOException, InterruptedException {
        return runWith(List.of(), dir, args);
    }

    /** Runs {@code klanneal ARGS} with system properties ({@code NAME=VALUE}) to its end. */
    static Result runWith(List<String> properties, Path dir, String... args) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "klanneal", ".log");
        Process process = start(properties, new ArrayList<>(List.of(args)), log);
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("klanneal " + String.join(" ", args) + " ran for 10 minutes: " + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    /** Appends a byte to a file, as a rebuilt jar would differ. */
    static void change(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND)) {
            out.write(0);
        }
    }
}
