package io.klanneal.cli;

import io.klanneal.compare.TrainProcess;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

/**
 * Starts the Spark driver of {@code compare --spark} (klanneal-spark's {@code SparkComparison}) in
 * a JVM of its own, so that the command line needs no Spark: the driver's classpath is this one plus
 * {@value #CLASSPATH_PROPERTY} (klanneal-spark's jar and {@code spark-home/jars/*}, which {@code
 * ./klanneal} sets), or this one alone when it holds Spark already.
 */
final class SparkDriver {

    static final String CLASSPATH_PROPERTY = "klanneal.spark.classpath";
    private static final String OPTIONS_RESOURCE = "io/klanneal/spark/java-options.txt";

    private SparkDriver() {}

    static int run(Path dir, String master, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        String own = System.getProperty("java.class.path");
        String extra = System.getProperty(CLASSPATH_PROPERTY, "");
        String classpath = extra.isBlank() ? own : extra + File.pathSeparator + own;
        List<String> flags = new ArrayList<>(javaOptions(classpath));
        // spark.* settings of this JVM (addresses, task cpus) and DJL's reach the driver.
        System.getProperties().stringPropertyNames().stream()
                .filter(name -> name.startsWith("spark.") || name.startsWith("ai.djl."))
                .sorted()
                .forEach(name -> flags.add("-D" + name + "=" + System.getProperty(name)));
        // Spark logs through log4j; klanneal's simple logger is on the classpath too. Naming the
        // provider makes SLF4J say so on the terminal unless its own messages are kept to warnings.
        flags.add("-Dslf4j.provider=org.apache.logging.slf4j.SLF4JServiceProvider");
        flags.add("-Dslf4j.internal.verbosity=WARN");
        List<String> command = TrainProcess.jvm(TrainProcess.java(), flags, classpath, TrainProcess.SPARK_MAIN_CLASS);
        command.addAll(List.of(dir.toString(), "--master", master, "--train-classpath", own));
        out.printf("spark: driver for %s on %s%n", dir, master);
        out.flush();
        Process driver = new ProcessBuilder(command).inheritIO().start();
        return driver.waitFor();
    }

    // The driver JVM's flags, which klanneal-spark's jar holds; finding them proves it is there.
    private static List<String> javaOptions(String classpath) throws IOException {
        List<URL> urls = new ArrayList<>();
        for (String entry : classpath.split(File.pathSeparator)) {
            if (entry.endsWith("*")) {
                Path folder = Path.of(entry.substring(0, entry.length() - 1));
                if (Files.isDirectory(folder)) {
                    try (Stream<Path> jars = Files.list(folder)) {
                        for (Path jar : jars.filter(p -> p.toString().endsWith(".jar")).toList()) {
                            urls.add(jar.toUri().toURL());
                        }
                    }
                }
            } else if (!entry.isBlank()) {
                urls.add(Path.of(entry).toUri().toURL());
            }
        }
        try (URLClassLoader loader = new URLClassLoader(urls.toArray(new URL[0]), null)) {
            if (loader.findResource("org/apache/spark/SparkContext.class") == null
                    || loader.findResource(OPTIONS_RESOURCE) == null) {
                throw new IllegalArgumentException(
                        "--spark needs the klanneal-spark module and Spark (klanneal-spark/target/klanneal-spark.jar"
                                + " and klanneal-spark/target/spark-home/jars/, built by mvn package); run"
                                + " through ./klanneal, which finds them, or set -D" + CLASSPATH_PROPERTY);
            }
            try (InputStream in = loader.getResourceAsStream(OPTIONS_RESOURCE)) {
                return Arrays.asList(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+"));
            }
        }
    }
}
