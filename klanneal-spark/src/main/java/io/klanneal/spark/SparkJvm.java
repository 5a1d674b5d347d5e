package io.klanneal.spark;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/** What a JVM running Spark needs: its Java 17 flags, and the jars to ship to executors. */
public final class SparkJvm {

    /** Where the flags are, on the classpath of anything that holds klanneal-spark. */
    public static final String OPTIONS_RESOURCE = "io/klanneal/spark/java-options.txt";

    private SparkJvm() {}

    /**
     * Returns the flags Spark's own launcher gives a JVM on Java 17 ({@code --add-opens ...}),
     * defined once in klanneal-spark's pom.
     *
     * @return the flags, one per element
     */
    public static List<String> javaOptions() {
        try (InputStream in = SparkJvm.class.getClassLoader().getResourceAsStream(OPTIONS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(OPTIONS_RESOURCE + " is missing from klanneal-spark's jar");
            }
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).trim().split("\\s+")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Returns the jar that holds a class, for {@code SparkConf.setJars}; a class read from a
     * directory (a build's {@code target/classes}) is packed into a temporary jar first, since
     * executors fetch jars only.
     *
     * @param type the class
     * @return the jar's path
     * @throws IOException if the temporary jar cannot be written
     */
    public static String jarOf(Class<?> type) throws IOException {
        Path source;
        try {
            source = Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException("cannot locate the classes of " + type.getName(), e);
        }
        if (!Files.isDirectory(source)) {
            return source.toString();
        }
        Path jar = Files.createTempFile("klanneal-spark-", ".jar");
        jar.toFile().deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(source)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(source.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        return jar.toString();
    }
}
