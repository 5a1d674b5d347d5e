package io.klanneal.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The plugin jars a file's runs need, recorded as {@code "plugins": [{"path", "sha256"}]} in a
 * run's {@code config.json} and a comparison's plan, so that {@code --config}, {@code --resume},
 * {@code compare}'s training processes and Spark's tasks load the same model kind. One owner of
 * that key: it writes it and, reading a file, loads the jars after checking them.
 */
public final class Plugins {

    /** The key in {@code config.json} and {@code comparison.json}. */
    public static final String KEY = "plugins";

    /**
     * A system property naming a directory where a copy of a recorded jar may be, under the jar's
     * file name, for a process that cannot see the recorded path: a Spark task's training process
     * on another host, whose executor was shipped the jars ({@code SparkContext.addFile}). A copy
     * is used only when the recorded path is missing and its SHA-256 is the recorded one.
     */
    public static final String COPIES_PROPERTY = "klanneal.plugins.copies";

    private Plugins() {}

    /**
     * Records the plugin jars of model kinds (none for the built-in ones).
     *
     * @param root the file's JSON object
     * @param kinds the model kinds its runs train
     * @throws IOException if a jar cannot be read to hash it
     */
    public static void record(ObjectNode root, Collection<? extends ModelRecipe<?>> kinds) throws IOException {
        Set<Path> jars = jars(kinds);
        if (jars.isEmpty()) {
            return;
        }
        ArrayNode list = root.putArray(KEY);
        for (Path jar : jars) {
            // Loaded from a shipped copy (the jar's path not here): that copy has the jar's bytes.
            Path copy = Files.isRegularFile(jar) ? null : shippedCopy(jar);
            list.addObject().put("path", jar.toString()).put("sha256", RunConfigFile.sha256(copy == null ? jar : copy));
        }
    }

    /** Returns the plugin jars of model kinds, in order, without repeats. */
    public static Set<Path> jars(Collection<? extends ModelRecipe<?>> kinds) {
        Set<Path> jars = new LinkedHashSet<>();
        for (ModelRecipe<?> kind : kinds) {
            Path jar = ModelRecipes.plugin(kind);
            if (jar != null) {
                jars.add(jar);
            }
        }
        return jars;
    }

    /**
     * Loads the plugin jars a file records, after checking that each is where it was (or shipped
     * to {@link #COPIES_PROPERTY}) and unchanged.
     *
     * @param root the file's JSON object
     * @param file the file, to name it
     * @return the jars' recorded paths
     * @throws IOException naming the jar that is missing or changed, and the file that recorded it
     */
    public static List<Path> load(JsonNode root, Path file) throws IOException {
        Map<Path, Path> sources = new LinkedHashMap<>();
        for (JsonNode plugin : root.path(KEY)) {
            Path jar = Path.of(plugin.path("path").asText());
            String recorded = plugin.path("sha256").asText();
            Path source = Files.isRegularFile(jar) ? jar : shippedCopy(jar);
            if (source == null) {
                throw new IOException("plugin " + jar + ", which " + file + " records, is missing; put the jar"
                        + " back there (its sha256 was " + recorded + ")");
            }
            String now = RunConfigFile.sha256(source);
            if (!now.equals(recorded)) {
                throw new IOException("plugin " + source + (source == jar ? "" : " (a copy of " + jar + ")")
                        + " has changed since " + file + " recorded it (sha256 now " + now + ", recorded "
                        + recorded + "); put back the jar the runs were trained with");
            }
            sources.put(jar, source);
        }
        try {
            sources.forEach((jar, source) -> ModelRecipes.addPlugin(source, jar));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        return List.copyOf(sources.keySet());
    }

    // The copy of a jar in the directory COPIES_PROPERTY names, or null.
    private static Path shippedCopy(Path jar) {
        String copies = System.getProperty(COPIES_PROPERTY);
        if (copies == null || jar.getFileName() == null) {
            return null;
        }
        Path copy = Path.of(copies).resolve(jar.getFileName().toString());
        return Files.isRegularFile(copy) ? copy : null;
    }
}
