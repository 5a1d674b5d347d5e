package io.klanneal.run;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.engine.PyTorch;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.BuildProperties;
import io.klanneal.io.JsonFiles;
import io.klanneal.model.Initialization;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run's {@code config.json}: every option its model kind uses, with defaults filled in
 * (named as {@link TrainOption#name()}, the flag without {@code --}), data paths absolute, the data files
 * with their SHA-256, the plugin jar of a model kind not built in ({@link Plugins}), the device and the engine's thread count, and the versions of klanneal, DJL, the engine and Java. {@link
 * #read} turns it back into a builder, so {@code klanneal train --config RUN/config.json} repeats the
 * run from any directory; flags given on the command line override it. The run directory itself is
 * not an option: the file lives in it.
 *
 * <p>Format {@code klanneal-config/2}. Files of format 1 (which recorded every option for every
 * model) still load: options that do not apply to their model are skipped, and the
 * initialisation, which format 1 did not record, is DJL's, as it was then.
 */
public final class RunConfigFile {

    /** The format this klanneal writes. */
    public static final String FORMAT = "klanneal-config/2";
    private static final String FORMAT_1 = "klanneal-config/1";
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunConfigFile() {}

    /**
     * Writes the configuration of a run, atomically.
     *
     * @param file where to write
     * @param config the run's configuration
     * @param dataHashes the files the data was read from, with their SHA-256 ({@link #hashes})
     * @param device the device training runs on
     * @throws IOException if a data file cannot be read or the file cannot be written
     */
    public static void write(
            Path file, TrainConfig config, Map<Path, String> dataHashes, String device)
            throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        ObjectNode o = root.putObject("options");
        config.options().forEach((option, value) -> o.set(option.name(), json(option, value)));
        ArrayNode files = root.putArray("data_files");
        for (Map.Entry<Path, String> data : dataHashes.entrySet()) {
            files.addObject()
                    .put("path", data.getKey().toString())
                    .put("bytes", Files.size(data.getKey()))
                    .put("sha256", data.getValue());
        }
        Plugins.record(root, List.of(config.model()));
        root.put("device", device);
        Map<String, String> versions = versions(); // loads the engine JniUtils calls
        root.put("threads", PyTorch.threads());
        versions.forEach(root.putObject("versions")::put);
        AtomicFiles.writeString(file, JSON.writeValueAsString(root) + "\n");
    }

    @SuppressWarnings("unchecked")
    static <T> JsonNode json(TrainOption<T> option, Object value) {
        return value == null ? NullNode.getInstance() : option.type().toJson((T) value);
    }

    /**
     * Reads a {@code config.json} into a builder; the caller sets the run directory and may
     * override any option before building.
     *
     * @param file the file
     * @param overridden options (by name) the caller sets itself: they are not read, so a value
     *     that cannot be rebuilt (a custom schedule's description) can be replaced
     * @return a builder holding the file's options, and its data files' SHA-256 to check
     * @throws IOException if the file cannot be read or is not a klanneal config, naming the key
     *     that is wrong
     */
    public static TrainConfig.Builder read(Path file, Set<String> overridden) throws IOException {
        return read(file, parse(file), overridden);
    }

    private static JsonNode parse(Path file) throws IOException {
        try {
            return JsonFiles.read(JSON, file);
        } catch (IOException e) {
            throw new IOException("cannot read the config " + JsonFiles.parseError(file, e), e);
        }
    }

    private static TrainConfig.Builder read(Path file, JsonNode root, Set<String> overridden) throws IOException {
        String format = root == null ? "" : root.path("format").asText();
        if (!FORMAT.equals(format) && !FORMAT_1.equals(format)) {
            throw new IOException(
                    file + (format.isEmpty()
                            ? " is not a klanneal config (no \"format\")"
                            : " has format \"" + format + "\", which this klanneal cannot read")
                            + "; it reads " + FORMAT_1 + " and " + FORMAT);
        }
        JsonNode options = root.path("options");
        if (!options.isObject()) {
            throw new IOException(file + " has no \"options\" object");
        }
        Plugins.load(root, file);
        TrainConfig.Builder builder;
        try {
            builder = options(options, overridden, FORMAT_1.equals(format));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        if (FORMAT_1.equals(format) && !overridden.contains(ModelOptions.INIT.name())) {
            // Every format-1 run started from DJL's initialisation, before the option existed.
            builder.set(ModelOptions.INIT, Initialization.DJL);
        }
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (JsonNode f : root.path("data_files")) {
            hashes.put(Path.of(f.path("path").asText()), f.path("sha256").asText());
        }
        return builder.optExpectedDataHashes(hashes);
    }

    /**
     * Reads the {@code config.json} of a run to resume it: unlike {@link #read}, every option this
     * klanneal has for the run's model must be recorded, so that the run continues with exactly
     * the options it started with.
     *
     * @param file the file
     * @return a builder holding the file's options and data hashes
     * @throws IOException if it cannot be read, or names options this klanneal lacks or lacks ones
     *     it has
     */
    public static TrainConfig.Builder readToResume(Path file) throws IOException {
        JsonNode root = parse(file);
        TrainConfig.Builder builder = read(file, root, Set.of());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + " has format " + root.path("format") + ", from a klanneal that saved no"
                    + " checkpoints; start the run again");
        }
        JsonNode options = root.path("options");
        ModelRecipe<?> model = model(options);
        List<String> missing = new ArrayList<>();
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            if (ModelRecipes.uses(model, option) && !options.has(option.name())) {
                if (option.addedLater()) {
                    setBefore(builder, option);
                } else {
                    missing.add(option.name());
                }
            }
        }
        if (!missing.isEmpty()) {
            throw new IOException(file + " does not match this klanneal's options: it has no "
                    + String.join(", ", missing) + " (another klanneal version wrote it; resume it with that"
                    + " version, or start the run again)");
        }
        return builder;
    }

    // A run recorded before the option existed trained as its value before says.
    private static <T> void setBefore(TrainConfig.Builder builder, TrainOption<T> option) {
        builder.set(option, option.valueBefore());
    }

    /**
     * Turns options as {@code config.json} names and writes them into a builder (format 2).
     *
     * @param options option name to JSON value
     * @return a builder holding them
     * @throws IllegalArgumentException naming the option that is unknown or wrong
     */
    public static TrainConfig.Builder fromOptions(JsonNode options) {
        return options(options, Set.of(), false);
    }

    private static TrainConfig.Builder options(JsonNode options, Set<String> overridden, boolean format1) {
        TrainConfig.Builder builder = TrainConfig.builder();
        ModelRecipe<?> model = model(options);
        for (Iterator<Map.Entry<String, JsonNode>> it = options.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String name = entry.getKey();
            try {
                TrainOption<?> option = ModelRecipes.option(name);
                // Format 1 recorded every option; those its model did not use were defaults only.
                boolean unused = format1 && !ModelRecipes.uses(model, option);
                if (!overridden.contains(name) && !unused) {
                    set(builder, option, entry.getValue());
                }
            } catch (IllegalArgumentException e) {
                String hint = name.equals(ScheduleOptions.SCHEDULE.name())
                        ? " (a custom schedule from the Java API is recorded by its description"
                                + " only; give a schedule spec with option schedule)"
                        : "";
                throw new IllegalArgumentException("\"" + name + "\": " + e.getMessage() + hint, e);
            }
        }
        return builder;
    }

    // The model, needed first to know which format-1 options were unused defaults.
    private static ModelRecipe<?> model(JsonNode options) {
        JsonNode value = options.get(DataOptions.MODEL.name());
        try {
            return ModelRecipe.of(value == null ? DataOptions.MODEL.defaultValue() : DataOptions.MODEL.type().fromJson(value));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("\"" + DataOptions.MODEL.name() + "\": " + e.getMessage(), e);
        }
    }

    private static <T> void set(TrainConfig.Builder builder, TrainOption<T> option, JsonNode value) {
        builder.set(option, value.isNull() ? null : option.type().fromJson(value));
    }

    /**
     * Returns the SHA-256 of each file, by absolute path, in the given order.
     *
     * @param files the files
     * @return hex SHA-256 by absolute, normalized path
     * @throws IOException if a file cannot be read
     */
    public static Map<Path, String> hashes(List<Path> files) throws IOException {
        Map<Path, String> hashes = new LinkedHashMap<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            hashes.put(absolute, sha256(absolute));
        }
        return hashes;
    }

    /**
     * Fails when a run read from a {@code config.json} would train on data other than the data
     * recorded there.
     *
     * @param expected the recorded hashes (empty: nothing to check)
     * @param actual the hashes of the data now
     * @throws IOException naming the file that changed
     */
    public static void checkUnchanged(Map<Path, String> expected, Map<Path, String> actual)
            throws IOException {
        if (expected.isEmpty()) {
            return;
        }
        for (Map.Entry<Path, String> file : actual.entrySet()) {
            String recorded = expected.get(file.getKey());
            if (!file.getValue().equals(recorded)) {
                throw new IOException(
                        file.getKey() + (recorded == null ? " is not among" : " has changed since")
                                + " the data files recorded in the config (sha256 now "
                                + file.getValue() + (recorded == null ? "" : ", recorded " + recorded)
                                + "); set option data to train on the data as it is now");
            }
        }
    }

    /**
     * Returns the hex SHA-256 of a file.
     *
     * @param file the file
     * @return 64 hex digits
     * @throws IOException if it cannot be read
     */
    public static String sha256(Path file) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /**
     * Returns the versions a run records: klanneal, DJL, the engine and Java.
     *
     * @return name to version, in a fixed order
     */
    public static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("klanneal", klannealVersion());
        versions.put("djl", Engine.getDjlVersion());
        Engine engine = Engine.getInstance();
        versions.put("engine", engine.getEngineName());
        versions.put("engine_version", engine.getVersion());
        versions.put("java", System.getProperty("java.version"));
        return versions;
    }

    /** Returns klanneal's version as the build recorded it (what config.json and {@code -V} say). */
    public static String klannealVersion() {
        return BuildProperties.read(RunConfigFile.class, "klanneal-version.properties").getProperty("version");
    }
}
