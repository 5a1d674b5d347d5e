package io.klanneal.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** A properties file the build puts into klanneal's jar (the version, how to launch a JVM). */
public final class BuildProperties {

    private BuildProperties() {}

    /**
     * Reads a properties file of klanneal's jar.
     *
     * @param anchor a class of the jar; {@code name} is resolved as {@link Class#getResourceAsStream} does
     * @param name the file, relative to the anchor's package or absolute ({@code /io/klanneal/...})
     * @return its properties
     * @throws IllegalStateException naming the file when the jar lacks it
     */
    public static Properties read(Class<?> anchor, String name) {
        Properties properties = new Properties();
        try (InputStream in = anchor.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from klanneal's jar next to " + anchor.getName());
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
