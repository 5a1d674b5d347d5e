package io.klanneal.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A schedule written as text, as the CLI takes it: {@code NAME[:KEY=VALUE,...]}.
 *
 * <ul>
 *   <li>{@code constant:beta=1.0}
 *   <li>{@code monotonic:ratio=0.5,min=0,max=1,shape=linear}
 *   <li>{@code cyclical:cycles=4,ratio=0.5,min=0,max=1,shape=cosine}
 *   <li>{@code monotonic:ramp_steps=10000} (a ramp of fixed length instead of a fraction)
 * </ul>
 *
 * <p>{@code monotonic} and {@code cyclical} also take {@code update=step} (default: beta changes
 * every optimizer step) or {@code update=epoch} (beta held fixed within each epoch).
 */
public final class ScheduleSpec {

    private static final Map<String, Set<String>> KEYS =
            Map.of(
                    "constant", Set.of("beta"),
                    "monotonic",
                            Set.of("ratio", "ramp_steps", "min", "max", "shape", "update"),
                    "cyclical",
                            Set.of("cycles", "ratio", "ramp_steps", "min", "max", "shape", "update"));
    private static final List<String> NAMES = List.of("constant", "monotonic", "cyclical");

    private final String canonical;
    private final BetaSchedule schedule;
    private final CyclicalSchedule cyclical;
    private final boolean perEpoch;

    private ScheduleSpec(
            String canonical, BetaSchedule schedule, CyclicalSchedule cyclical, boolean perEpoch) {
        this.canonical = canonical;
        this.schedule = schedule;
        this.cyclical = cyclical;
        this.perEpoch = perEpoch;
    }

    /**
     * Parses a spec.
     *
     * @param spec the text, e.g. {@code cyclical:cycles=4,ratio=0.5,shape=cosine}
     * @return the parsed spec
     * @throws IllegalArgumentException naming the schedule or key that is wrong and what is allowed
     */
    public static ScheduleSpec parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw error(spec, "it is empty; expected NAME[:KEY=VALUE,...] with NAME one of " + NAMES);
        }
        String trimmed = spec.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        if (!KEYS.containsKey(name)) {
            throw error(spec, "unknown schedule '" + name + "'; expected one of " + NAMES);
        }
        Map<String, String> options = options(spec, name, colon < 0 ? "" : trimmed.substring(colon + 1));
        try {
            return build(name, options);
        } catch (IllegalArgumentException e) {
            throw error(spec, e.getMessage());
        }
    }

    private static Map<String, String> options(String spec, String name, String text) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text.isBlank()) {
            return options;
        }
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw error(spec, "'" + pair.trim() + "' is not KEY=VALUE");
            }
            String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).trim();
            if (!KEYS.get(name).contains(key)) {
                throw error(
                        spec,
                        "unknown key '" + key + "' for " + name + "; allowed keys: "
                                + KEYS.get(name).stream().sorted().toList());
            }
            if (value.isEmpty()) {
                throw error(spec, "key '" + key + "' has no value");
            }
            if (options.put(key, value) != null) {
                throw error(spec, "key '" + key + "' is given twice");
            }
        }
        return options;
    }

    private static ScheduleSpec build(String name, Map<String, String> options) {
        if (name.equals("constant")) {
            double beta = number(options, "beta", 1.0);
            return new ScheduleSpec(
                    "constant:beta=" + beta, BetaSchedule.constant(beta), null, false);
        }
        CyclicalSchedule.Builder builder =
                name.equals("cyclical")
                        ? CyclicalSchedule.builder()
                                .setCycles(integer(options, "cycles", 4))
                        : CyclicalSchedule.monotonic();
        if (options.containsKey("ratio") && options.containsKey("ramp_steps")) {
            throw new IllegalArgumentException(
                    "give either 'ratio' (a fraction of each cycle) or 'ramp_steps', not both");
        }
        CyclicalSchedule cyclical =
                builder.optRatio(number(options, "ratio", 0.5))
                        .optRampSteps(wholeNumber(options, "ramp_steps", 0))
                        .optBetaMin(number(options, "min", 0.0))
                        .optBetaMax(number(options, "max", 1.0))
                        .optRamp(Ramp.parse(options.getOrDefault("shape", "linear")))
                        .build();
        String update = options.getOrDefault("update", "step").toLowerCase(Locale.ROOT);
        if (!update.equals("step") && !update.equals("epoch")) {
            throw new IllegalArgumentException(
                    "key 'update' must be 'step' or 'epoch', got '" + update + "'");
        }
        boolean perEpoch = update.equals("epoch");
        String canonical = cyclical + ",update=" + update;
        if (name.equals("monotonic")) {
            canonical = canonical.replaceFirst("^cyclical:cycles=1,", "monotonic:");
        }
        BetaSchedule schedule = perEpoch ? cyclical.heldPerEpoch() : cyclical;
        return new ScheduleSpec(canonical, schedule, cyclical, perEpoch);
    }

    private static double number(Map<String, String> options, String key, double fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "key '" + key + "' must be a number, got '" + value + "'", e);
        }
        if (!Double.isFinite(parsed)) {
            throw new IllegalArgumentException(
                    "key '" + key + "' must be a finite number, got '" + value + "'");
        }
        return parsed;
    }

    private static int integer(Map<String, String> options, String key, int fallback) {
        long value = wholeNumber(options, key, fallback);
        if (value != (int) value) {
            throw new IllegalArgumentException("key '" + key + "' is too large: " + value);
        }
        return (int) value;
    }

    private static long wholeNumber(Map<String, String> options, String key, long fallback) {
        String value = options.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "key '" + key + "' must be a whole number, got '" + value + "'", e);
        }
    }

    private static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException("schedule spec '" + spec + "': " + problem);
    }

    /** Returns the schedule this spec describes. */
    public BetaSchedule schedule() {
        return schedule;
    }

    /** Returns the cyclical (or monotonic) schedule behind this spec, or null for constant. */
    public CyclicalSchedule cyclical() {
        return cyclical;
    }

    /** Returns whether beta is held fixed within each epoch ({@code update=epoch}). */
    public boolean perEpoch() {
        return perEpoch;
    }

    /** Returns the spec with every option spelled out, defaults included. */
    @Override
    public String toString() {
        return canonical;
    }
}
