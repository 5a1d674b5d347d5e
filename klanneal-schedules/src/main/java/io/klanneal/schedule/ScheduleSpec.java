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

    private ScheduleSpec(String name, Map<String, Object> values, BetaSchedule schedule) {
        this.canonical =
                name + ":" + values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining(","));
        this.schedule = schedule;
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

    // The canonical text lists every key in a fixed order with its parsed value, defaults included.
    private static ScheduleSpec build(String name, Map<String, String> options) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (name.equals("constant")) {
            double beta = number(options, "beta", 1.0);
            values.put("beta", beta);
            return new ScheduleSpec(name, values, BetaSchedule.constant(beta));
        }
        if (options.containsKey("ratio") && options.containsKey("ramp_steps")) {
            throw new IllegalArgumentException(
                    "give either 'ratio' (a fraction of each cycle) or 'ramp_steps', not both");
        }
        int cycles = name.equals("cyclical") ? integer(options, "cycles", 4) : 1;
        long rampSteps = wholeNumber(options, "ramp_steps", 0);
        double ratio = number(options, "ratio", 0.5);
        Ramp shape = Ramp.parse(options.getOrDefault("shape", "linear"));
        String update = options.getOrDefault("update", "step").toLowerCase(Locale.ROOT);
        if (!update.equals("step") && !update.equals("epoch")) {
            throw new IllegalArgumentException(
                    "key 'update' must be 'step' or 'epoch', got '" + update + "'");
        }
        CyclicalSchedule cyclical =
                CyclicalSchedule.builder()
                        .setCycles(cycles)
                        .optRatio(ratio)
                        .optRampSteps(rampSteps)
                        .optBetaMin(number(options, "min", 0.0))
                        .optBetaMax(number(options, "max", 1.0))
                        .optRamp(shape)
                        .build();
        if (name.equals("cyclical")) {
            values.put("cycles", cycles);
        }
        if (rampSteps > 0) {
            values.put("ramp_steps", rampSteps);
        } else {
            values.put("ratio", ratio);
        }
        values.put("min", cyclical.betaMin());
        values.put("max", cyclical.betaMax());
        values.put("shape", shape.specName());
        values.put("update", update);
        return new ScheduleSpec(
                name, values, update.equals("epoch") ? cyclical.heldPerEpoch() : cyclical);
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

    /** Returns the spec with every option spelled out, defaults included. */
    @Override
    public String toString() {
        return canonical;
    }
}
