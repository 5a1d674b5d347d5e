package io.klanneal.run;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** A module's compiled classes as a plugin jar, for tests that load a model kind only through it. */
public final class PluginJars {

    private PluginJars() {}

    /** Packs a classes directory (classes and META-INF/services) into a jar, as {@code mvn package} would. */
    public static Path pack(Path classes, Path jar) throws IOException {
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(jar));
                Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                zip.putNextEntry(new ZipEntry(classes.relativize(file).toString().replace(File.separatorChar, '/')));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        return jar;
    }

    /** Returns this JVM's class path without the entries under {@code module}. */
    public static String classPathWithout(Path module) {
        Path root = module.toAbsolutePath().normalize();
        return Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).toAbsolutePath().normalize().startsWith(root))
                .collect(Collectors.joining(File.pathSeparator));
    }
}
