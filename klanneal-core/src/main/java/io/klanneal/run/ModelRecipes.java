package io.klanneal.run;

import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelDefaults;
import io.klanneal.config.OptionGroup;
import io.klanneal.config.TrainOption;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The model kinds found: on the class path at first use, and in plugin jars added later. Owns
 * which options exist (klanneal's and each kind's own), which kinds use each, and the help that
 * says so.
 */
public final class ModelRecipes {

    /**
     * Where a model kind came from.
     *
     * @param recipe the kind
     * @param plugin the plugin jar it was loaded from, or null when it was on the class path
     */
    record Found(ModelRecipe<?> recipe, Path plugin) {}

    private static final Map<String, Found> BY_NAME = new LinkedHashMap<>();

    static {
        ServiceLoader.load(ModelRecipe.class, ModelRecipe.class.getClassLoader())
                .forEach(recipe -> register(recipe, null));
    }

    private ModelRecipes() {}

    static synchronized ModelRecipe<?> named(String name) {
        Found found = BY_NAME.get(name);
        if (found == null) {
            throw new IllegalArgumentException("option model: no model kind '" + name + "'; found "
                    + String.join(", ", BY_NAME.keySet())
                    + " (a kind of one's own comes in a jar given with --plugin JAR)");
        }
        return found.recipe();
    }

    static synchronized Collection<ModelRecipe<?>> all() {
        return BY_NAME.values().stream().<ModelRecipe<?>>map(Found::recipe).toList();
    }

    /**
     * Returns the plugin jar a model kind came from.
     *
     * @param recipe a kind found here
     * @return the jar's absolute path, or null for a kind on the class path
     */
    public static synchronized Path plugin(ModelRecipe<?> recipe) {
        Found found = BY_NAME.get(recipe.name());
        return found == null ? null : found.plugin();
    }

    /**
     * Returns where a model kind came from, for {@code klanneal models}: its plugin jar, else the
     * jar or directory of its class.
     */
    public static String origin(ModelRecipe<?> recipe) {
        Path plugin = plugin(recipe);
        if (plugin != null) {
            return "plugin " + plugin;
        }
        CodeSource source = recipe.getClass().getProtectionDomain().getCodeSource();
        return "class path " + (source == null ? "(the JDK)" : source.getLocation().getPath());
    }

    /**
     * Loads the model kinds of plugin jars, each in a class loader of its own whose parent is
     * klanneal's; a jar already loaded is not loaded again.
     *
     * @param jars the jars
     * @return the kinds the jars hold, in order
     * @throws IllegalArgumentException naming a jar that is missing, holds no model kind, or
     *     holds a kind or option whose name is taken
     */
    public static synchronized List<ModelRecipe<?>> addPlugins(List<Path> jars) {
        List<ModelRecipe<?>> kinds = new ArrayList<>();
        for (Path jar : jars) {
            kinds.addAll(addPlugin(jar, jar));
        }
        return kinds;
    }

    /**
     * Loads the model kinds of a plugin jar from a copy of it (one a Spark executor was shipped),
     * as if from the jar itself: {@link #plugin} names the jar, so a run records the same path
     * wherever it trained.
     *
     * @param copy the file to load the classes from
     * @param jar the jar it is a copy of
     * @return the kinds the jar holds
     * @throws IllegalArgumentException as {@link #addPlugins}
     */
    static synchronized List<ModelRecipe<?>> addPlugin(Path copy, Path jar) {
        Path named = jar.toAbsolutePath().normalize();
        List<ModelRecipe<?>> loaded = BY_NAME.values().stream()
                .filter(f -> named.equals(f.plugin())).<ModelRecipe<?>>map(Found::recipe).toList();
        if (!loaded.isEmpty()) {
            return loaded;
        }
        if (!Files.isRegularFile(copy)) {
            throw new IllegalArgumentException("plugin " + copy.toAbsolutePath().normalize() + ": no such file; give"
                    + " the jar of a model kind (a jar naming its class in META-INF/services/"
                    + ModelRecipe.class.getName() + ")");
        }
        URLClassLoader loader;
        try {
            loader = new URLClassLoader(new URL[] {copy.toUri().toURL()}, ModelRecipe.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new UncheckedIOException(e);
        }
        List<ModelRecipe<?>> found = new ArrayList<>();
        // The parent's kinds are listed too; only those of the jar's own loader are the plugin's.
        ServiceLoader.load(ModelRecipe.class, loader).stream()
                .filter(p -> p.type().getClassLoader() == loader)
                .forEach(p -> found.add(p.get()));
        if (found.isEmpty()) {
            throw new IllegalArgumentException("plugin " + named + " holds no model kind: it needs a class"
                    + " implementing " + ModelRecipe.class.getName() + ", named in META-INF/services/"
                    + ModelRecipe.class.getName());
        }
        found.forEach(recipe -> register(recipe, named));
        return found;
    }

    private static void register(ModelRecipe<?> recipe, Path plugin) {
        String from = plugin == null ? recipe.getClass().getName() : "plugin " + plugin;
        String name = recipe.name();
        try {
            DataOptions.MODEL.check(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(from + ": model kind name '" + name + "' is not lower-case"
                    + " words joined by '-'", e);
        }
        if (BY_NAME.containsKey(name)) {
            throw new IllegalArgumentException(from + ": model kind '" + name + "' is already "
                    + origin(BY_NAME.get(name).recipe()) + "; give each kind a name of its own");
        }
        Map<String, TrainOption<?>> known = new LinkedHashMap<>();
        optionsOf(all()).forEach(o -> known.put(o.name(), o));
        for (TrainOption<?> option : recipe.options()) {
            if (!option.perModel()) {
                throw new IllegalArgumentException(from + ": option " + option.name() + " of model kind " + name
                        + " is not per model (TrainOption.Builder.optPerModel)");
            }
            TrainOption<?> same = known.get(option.name());
            if (same != null && same != option) {
                throw new IllegalArgumentException(from + ": model kind " + name + " declares option "
                        + option.name() + ", which klanneal or another kind already has; rename it");
            }
        }
        BY_NAME.put(name, new Found(recipe, plugin));
    }

    /** Returns every option in help order: klanneal's groups, then each kind's own options. */
    public static synchronized List<OptionGroup> optionGroups() {
        List<OptionGroup> groups = new ArrayList<>(OptionGroup.all());
        List<TrainOption<?>> general = OptionGroup.allOptions();
        List<TrainOption<?>> shown = new ArrayList<>();
        for (ModelRecipe<?> recipe : all()) {
            List<TrainOption<?>> own = recipe.options().stream()
                    .filter(o -> !general.contains(o) && !shown.contains(o)).toList();
            if (!own.isEmpty()) {
                groups.add(new OptionGroup(capitalized(recipe.name()) + " model", own));
                shown.addAll(own);
            }
        }
        return groups;
    }

    /** Returns every option, in help order. */
    public static List<TrainOption<?>> allOptions() {
        return optionsOf(optionGroups());
    }

    private static List<TrainOption<?>> optionsOf(Collection<?> groupsOrRecipes) {
        List<TrainOption<?>> options = new ArrayList<>(OptionGroup.allOptions());
        for (Object item : groupsOrRecipes) {
            List<TrainOption<?>> more = item instanceof OptionGroup g ? g.options() : ((ModelRecipe<?>) item).options();
            more.stream().filter(o -> !options.contains(o)).forEach(options::add);
        }
        return options;
    }

    /**
     * Returns the option with this name.
     *
     * @param name the option's name (its config.json key)
     * @return the option
     * @throws IllegalArgumentException naming the known options when there is none
     */
    public static TrainOption<?> option(String name) {
        List<TrainOption<?>> options = allOptions();
        for (TrainOption<?> option : options) {
            if (option.name().equals(name)) {
                return option;
            }
        }
        throw new IllegalArgumentException("unknown option '" + name + "'; known options: "
                + options.stream().map(TrainOption::name).toList());
    }

    /** Returns whether a model kind uses an option: every kind uses those not per model. */
    public static boolean uses(ModelRecipe<?> recipe, TrainOption<?> option) {
        return !option.perModel() || recipe.options().contains(option);
    }

    /** Returns the kinds that use an option, in the order found. */
    public static List<ModelRecipe<?>> using(TrainOption<?> option) {
        return all().stream().filter(r -> uses(r, option)).toList();
    }

    /**
     * Returns an option's help: its description, the kinds that use it when not all, its default
     * for each kind where they differ, and whether a resumed run may change it. {@code train}'s
     * flags and the README's table show this.
     */
    public static String help(TrainOption<?> option) {
        List<ModelRecipe<?>> users = using(option);
        StringBuilder help = new StringBuilder(option.description());
        if (option == DataOptions.DATA) {
            users.forEach(r -> help.append(' ').append(r.name()).append(": ").append(r.dataHelp()));
        }
        if (option.perModel()) {
            help.append(' ').append(users.isEmpty() ? "No model kind found uses it."
                    : String.join(", ", users.stream().map(r -> capitalized(r.name())).toList())
                            + (users.size() == 1 ? " model only." : " models only."));
        }
        help.append(" Default: ").append(describeDefaults(option, users)).append('.');
        if (option.resumable()) {
            help.append(' ').append(TrainOption.RESUMABLE);
        }
        return help.toString();
    }

    // "512", "32 (text toy 2)", or per kind where their defaults differ: "dense 512, text 256 (toy 64)".
    private static <T> String describeDefaults(TrainOption<T> option, List<ModelRecipe<?>> users) {
        boolean oneBase = users.stream().map(r -> r.defaults().value(option, null)).distinct().count() <= 1;
        List<String> parts = new ArrayList<>();
        for (ModelRecipe<?> recipe : users) {
            ModelDefaults defaults = recipe.defaults();
            StringBuilder part = new StringBuilder();
            if (!oneBase) {
                part.append(recipe.name()).append(' ').append(format(option, defaults.value(option, null)));
            }
            defaults.byData().forEach((data, values) -> {
                if (values.containsKey(option)) {
                    part.append(part.length() == 0 ? "" : " ").append('(')
                            .append(oneBase && users.size() > 1 ? recipe.name() + " " : "")
                            .append(data).append(' ').append(format(option, defaults.value(option, data))).append(')');
                }
            });
            if (part.length() > 0) {
                parts.add(part.toString());
            }
        }
        String base = oneBase ? format(option, users.isEmpty() ? option.defaultValue() : users.get(0).defaults().value(option, null)) : "";
        return oneBase ? (base + (parts.isEmpty() ? "" : " " + String.join(" ", parts))) : String.join(", ", parts);
    }

    private static <T> String format(TrainOption<T> option, T value) {
        return value == null ? option.describeDefault() : option.type().format(value);
    }

    private static String capitalized(String name) {
        return name.substring(0, 1).toUpperCase(Locale.ROOT) + name.substring(1);
    }
}
