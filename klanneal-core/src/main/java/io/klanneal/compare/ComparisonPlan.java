package io.klanneal.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.klanneal.config.DataOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.JsonFiles;
import io.klanneal.record.RunRecord;
import io.klanneal.run.ModelRecipe;
import io.klanneal.run.Plugins;
import io.klanneal.run.RunConfigFile;
import io.klanneal.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a comparison trains: one run per (group, seed), a group being a named set of option
 * overrides (usually a schedule). Every run shares the base options and one data seed, so all see
 * the same data and held-out split. Written first as {@code comparison.json} in the comparison
 * directory, with each run's options also as a {@code config.json}-format file under {@code
 * plan/}, which {@code klanneal train --config} reads: any run can be repeated alone, and a
 * cluster job can run the plan without klanneal's own runner.
 *
 * @param command the command line that made the plan, for the report
 * @param runs the runs, grouped in the order given
 */
public record ComparisonPlan(String command, List<PlannedRun> runs) {

    /** The plan's file name in a comparison directory. */
    public static final String FILE_NAME = "comparison.json";

    private static final String FORMAT = "klanneal-comparison/1";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /**
     * One training of the comparison.
     *
     * @param name its directory name in the comparison directory, unique
     * @param group the table row it belongs to (a schedule, or a named set of overrides)
     * @param seed its seed
     * @param options its options as {@code config.json} names and writes them
     */
    public record PlannedRun(String name, String group, long seed, ObjectNode options) {

        /** Returns the {@code config.json}-format file that holds its options, relative to the plan. */
        public String configFile() {
            return "plan/" + name + ".json";
        }

        /** Returns the model kind the run trains. */
        public ModelRecipe<?> model() {
            JsonNode model = options.get(DataOptions.MODEL.name());
            return ModelRecipe.of(model == null ? DataOptions.MODEL.defaultValue() : model.asText());
        }
    }

    /**
     * Expands base options, groups of overrides and seeds into runs. A data seed not given
     * is the first seed, for every run.
     *
     * @param command the command line, for the report
     * @param base options every run shares, by {@code config.json} name
     * @param groups each group's name and the options it overrides
     * @param seeds the seeds every group runs with
     * @return the plan
     * @throws IllegalArgumentException if there is nothing to run, or two groups' names collide
     */
    public static ComparisonPlan expand(
            String command, ObjectNode base, Map<String, ObjectNode> groups, List<Long> seeds) {
        if (groups.isEmpty() || seeds.isEmpty()) {
            throw new IllegalArgumentException("a comparison needs at least one schedule and one seed");
        }
        List<PlannedRun> runs = new ArrayList<>();
        Set<String> names = new java.util.HashSet<>();
        for (Map.Entry<String, ObjectNode> group : groups.entrySet()) {
            for (long seed : seeds) {
                ObjectNode options = base.deepCopy();
                options.setAll(group.getValue());
                options.put(OptimisationOptions.SEED.name(), seed);
                if (!options.hasNonNull(DataOptions.DATA_SEED.name())) {
                    options.put(DataOptions.DATA_SEED.name(), seeds.get(0));
                }
                String name = directoryName(group.getKey()) + "-seed" + seed;
                if (!names.add(name)) {
                    throw new IllegalArgumentException(
                            "two runs would share the directory " + name + "; give the groups distinct names");
                }
                runs.add(new PlannedRun(name, group.getKey(), seed, options));
            }
        }
        return new ComparisonPlan(command, List.copyOf(runs));
    }

    /**
     * Reads a comparison file a person wrote, JSON or YAML (by extension {@code .yaml}/{@code
     * .yml}): {@code options} (shared, by {@code config.json} name), {@code runs} (a map from group
     * name to the options it overrides) and {@code seeds} (a list; default [1]).
     *
     * @param file the file
     * @param command the command line, for the report
     * @param overrides options given on the command line, which replace the file's base options
     * @return the plan
     * @throws IOException naming the file and what in it is wrong
     */
    public static ComparisonPlan fromFile(Path file, String command, ObjectNode overrides)
            throws IOException {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        ObjectMapper mapper = lower.endsWith(".yaml") || lower.endsWith(".yml") ? YAML : JSON;
        JsonNode root;
        try {
            root = JsonFiles.read(mapper, file);
        } catch (IOException e) {
            throw new IOException("cannot read the comparison file " + JsonFiles.parseError(file, e), e);
        }
        if (root == null || !root.isObject()) {
            throw new IOException(file + " is not a comparison file: expected an object with options, runs and seeds");
        }
        for (Iterator<String> keys = root.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!Set.of("options", "runs", "seeds").contains(key)) {
                throw new IOException(file + ": unknown key \"" + key + "\"; a comparison file has options, runs and seeds");
            }
        }
        ObjectNode base = root.path("options").isObject() ? (ObjectNode) root.get("options").deepCopy() : JSON.createObjectNode();
        base.setAll(overrides);
        JsonNode runs = root.path("runs");
        if (!runs.isObject() || runs.isEmpty()) {
            throw new IOException(file + ": \"runs\" must map each run's name to the options it changes, e.g. {\"cyclical\": {\"schedule\": \"cyclical\"}}");
        }
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = runs.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> run = it.next();
            if (!run.getValue().isObject()) {
                throw new IOException(file + ": run \"" + run.getKey() + "\" must be an object of options");
            }
            groups.put(run.getKey(), (ObjectNode) run.getValue());
        }
        List<Long> seeds = new ArrayList<>();
        JsonNode seedList = root.path("seeds");
        if (seedList.isMissingNode()) {
            seeds.add(1L);
        } else if (!seedList.isArray() || seedList.isEmpty()) {
            throw new IOException(file + ": \"seeds\" must be a list of whole numbers, e.g. [1, 2, 3]");
        } else {
            for (JsonNode seed : seedList) {
                if (!seed.canConvertToLong() || !seed.isIntegralNumber()) {
                    throw new IOException(file + ": seed " + seed + " is not a whole number");
                }
                seeds.add(seed.asLong());
            }
        }
        try {
            return expand(command, base, groups, seeds);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Returns this plan with each run's options checked (they make a valid run) and its data paths
     * made absolute, so the plan runs from any directory, or on another machine that mounts the
     * same path.
     *
     * @return the resolved plan
     * @throws IllegalArgumentException naming the run and the option that is wrong
     */
    public ComparisonPlan resolved() {
        String data = DataOptions.DATA.name();
        List<PlannedRun> checked = new ArrayList<>();
        for (PlannedRun run : runs) {
            TrainConfig config;
            try {
                config = RunConfigFile.fromOptions(run.options()).setOut(Path.of(run.name())).build();
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("run " + run.name() + ": " + e.getMessage(), e);
            }
            ObjectNode options = run.options().deepCopy();
            if (options.has(data)) {
                options.put(data, config.get(DataOptions.DATA));
            }
            checked.add(new PlannedRun(run.name(), run.group(), run.seed(), options));
        }
        return new ComparisonPlan(command, List.copyOf(checked));
    }

    /**
     * Writes {@code comparison.json} and the runs' option files into a comparison directory,
     * atomically.
     *
     * @param dir the comparison directory
     * @throws IOException if writing fails
     */
    public void write(Path dir) throws IOException {
        for (PlannedRun run : runs) {
            AtomicFiles.writeString(dir.resolve(run.configFile()), JSON.writeValueAsString(config(run)) + "\n");
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("command", command);
        Plugins.record(root, runs.stream().map(PlannedRun::model).toList());
        var list = root.putArray("runs");
        for (PlannedRun run : runs) {
            list.addObject()
                    .put("name", run.name())
                    .put("group", run.group())
                    .put("seed", run.seed())
                    .put("config", run.configFile())
                    .set("options", run.options());
        }
        AtomicFiles.writeString(dir.resolve(FILE_NAME), JSON.writeValueAsString(root) + "\n");
    }

    private static ObjectNode config(PlannedRun run) throws IOException {
        ObjectNode config = JSON.createObjectNode();
        config.put("format", RunConfigFile.FORMAT);
        Plugins.record(config, List.of(run.model()));
        config.set("options", run.options());
        return config;
    }

    /**
     * Reads the {@code comparison.json} of a comparison directory.
     *
     * @param dir the comparison directory
     * @return the plan
     * @throws IOException if it is missing or not a comparison plan
     */
    public static ComparisonPlan read(Path dir) throws IOException {
        JsonNode root = root(dir);
        List<PlannedRun> runs = new ArrayList<>();
        for (JsonNode run : root.path("runs")) {
            runs.add(new PlannedRun(
                    run.path("name").asText(),
                    run.path("group").asText(),
                    run.path("seed").asLong(),
                    (ObjectNode) run.path("options")));
        }
        return new ComparisonPlan(root.path("command").asText(), List.copyOf(runs));
    }

    /**
     * Loads the plugin jars the plan records, checked as {@link Plugins#load} checks them.
     *
     * @param dir the comparison directory
     * @return the jars' recorded paths
     * @throws IOException if the plan cannot be read or a jar is missing or changed
     */
    public static List<Path> loadPlugins(Path dir) throws IOException {
        return Plugins.load(root(dir), dir.resolve(FILE_NAME));
    }

    private static JsonNode root(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + " holds no " + FILE_NAME + "; make one with klanneal compare --out " + dir);
        }
        JsonNode root;
        try {
            root = JsonFiles.read(JSON, file);
        } catch (IOException e) {
            throw new IOException("cannot read " + file + " as JSON: " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + " is not a comparison plan (format " + FORMAT + ")");
        }
        return root;
    }

    /**
     * Tells whether another plan trains the same runs with the same options (its command line may
     * differ).
     *
     * @param other the other plan
     * @return true when every run's name, group, seed and options match, in order
     */
    public boolean sameRunsAs(ComparisonPlan other) {
        // Compared as JSON text: a seed read back from a file is an int node, one built is a long.
        return describe(runs).equals(describe(other.runs));
    }

    private static List<String> describe(List<PlannedRun> runs) {
        return runs.stream().map(r -> r.name() + '|' + r.group() + '|' + r.seed() + '|' + r.options()).toList();
    }

    /** Returns the groups in the order given. */
    public List<String> groups() {
        return runs.stream().map(PlannedRun::group).distinct().toList();
    }

    // A directory name from a group name: "cyclical:cycles=4,ratio=0.5" -> "cyclical-cycles-4-ratio-0.5".
    static String directoryName(String group) {
        String name = group.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.]+", "-").replaceAll("^-+|-+$", "");
        return name.isEmpty() ? "run" : name;
    }

    /**
     * Returns the runs left to train: those whose run.json does not say they ended. Each run that
     * ended before is told to {@code skipped} as a line, so a repeated comparison says what it
     * leaves alone.
     *
     * @param dir the comparison directory
     * @param skipped told "NAME: STATUS before, skipped" for each run that ended
     * @return the runs to train, in plan order
     */
    public List<PlannedRun> toTrain(Path dir, java.util.function.Consumer<String> skipped) {
        List<PlannedRun> todo = new java.util.ArrayList<>();
        for (PlannedRun run : runs) {
            RunRecord.Outcome outcome = RunRecord.read(dir.resolve(run.name()));
            if (outcome.ended()) {
                skipped.accept(run.name() + ": " + outcome.status() + " before, skipped");
            } else {
                todo.add(run);
            }
        }
        return todo;
    }

    /**
     * Returns how many runs did not train to their end (or an early stop), as their run.json says.
     *
     * @param dir the comparison directory
     * @return the runs that failed, diverged, were interrupted or never started
     */
    public int failed(Path dir) {
        return (int) runs.stream().filter(run -> !RunRecord.read(dir.resolve(run.name())).succeeded()).count();
    }

    /**
     * Returns the most engine threads a run's own options set, or empty when none sets them (then
     * a runner gives the runs their threads).
     */
    public java.util.OptionalInt threadsSet() {
        String name = OptimisationOptions.THREADS.name();
        return runs.stream()
                .filter(r -> r.options().hasNonNull(name))
                .mapToInt(r -> r.options().get(name).asInt())
                .max();
    }
}
