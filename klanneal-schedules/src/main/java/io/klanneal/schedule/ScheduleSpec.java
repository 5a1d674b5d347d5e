package io.klanneal.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A schedule written as text, as the CLI takes it: {@code NAME[:KEY=VALUE,...]}, or several joined
 * with {@code then@BOUNDARY}.
 *
 * <ul>
 *   <li>{@code constant:beta=1.0}
 *   <li>{@code monotonic:ratio=0.5,min=0,max=1,shape=linear}
 *   <li>{@code cyclical:cycles=4,ratio=0.5,min=0,max=1,shape=cosine}
 *   <li>{@code monotonic:ramp_steps=10000} (a ramp of fixed length instead of a fraction)
 *   <li>{@code control:target=3,kp=0.01,ki=0.005} (a PI controller on the measured KL, {@link
 *       KlController})
 *   <li>{@code monotonic:ratio=1 then@2e cyclical:cycles=3} (a 2-epoch warm-up, then cycles over
 *       the rest; boundaries count from the start of training, in steps ({@code then@500}) or
 *       epochs ({@code then@2e}); each part sees its own steps from 0)
 * </ul>
 *
 * <p>{@code monotonic} and {@code cyclical} also take {@code update=step} (default: beta changes
 * every optimizer step) or {@code update=epoch} (beta held fixed within each epoch). Every schedule
 * takes {@code scale=K} (beta times K) and {@code clamp=LOW..HIGH}.
 */
public final class ScheduleSpec {

    /**
     * One kind of schedule, the one place that knows it: its name, the keys it takes, and its
     * factory, which fills in the defaults and spells out the canonical text.
     */
    private record Kind(String name, Set<String> keys, Factory factory) {}

    /** Builds a named schedule from its keys; the spec it returns lists every key with its value. */
    @FunctionalInterface
    private interface Factory {
        ScheduleSpec build(String name, Map<String, String> options);
    }

    private static final List<Kind> KINDS = List.of(
            new Kind("constant", Set.of("beta"), ScheduleSpec::constant),
            new Kind("monotonic", Set.of("ratio", "ramp_steps", "min", "max", "shape", "update"), ScheduleSpec::ramped),
            new Kind("cyclical", Set.of("cycles", "ratio", "ramp_steps", "min", "max", "shape", "update"),
                    ScheduleSpec::ramped),
            new Kind("control", Set.of("target", "kp", "ki", "min", "max", "smoothing", "target_ramp"),
                    ScheduleSpec::control));
    private static final Set<String> COMPOSITION_KEYS = Set.of("scale", "clamp");
    private static final List<String> NAMES = KINDS.stream().map(Kind::name).toList();
    private static final String THEN = "\\s+then@(\\S+)\\s+";

    // Measured on ptb.valid.txt (docs/feedback-schedules.md): with ki = 0.005 the training KL is
    // within 10% of a target of 3 from epoch 3 of 10 (last epoch 2.98); with 0.0005 beta was still
    // rising at epoch 10 and the KL 12% above the target.
    static final double DEFAULT_KP = 0.01;
    static final double DEFAULT_KI = 0.005;
    static final double DEFAULT_SMOOTHING = 0.1;

    private final String canonical;
    private final FeedbackSchedule schedule;

    private ScheduleSpec(String canonical, FeedbackSchedule schedule) {
        this.canonical = canonical;
        this.schedule = schedule;
    }

    private ScheduleSpec(String name, Map<String, Object> values, FeedbackSchedule schedule) {
        this(name + ":" + values.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .collect(java.util.stream.Collectors.joining(",")),
                schedule);
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
        String[] parts = spec.trim().split(THEN);
        if (parts.length == 1) {
            return single(spec, parts[0]);
        }
        java.util.regex.Matcher at = java.util.regex.Pattern.compile(THEN).matcher(spec.trim());
        List<Boundary> boundaries = new java.util.ArrayList<>();
        while (at.find()) {
            try {
                boundaries.add(Boundary.parse(at.group(1)));
            } catch (IllegalArgumentException e) {
                throw error(spec, e.getMessage());
            }
        }
        List<ScheduleSpec> specs = new java.util.ArrayList<>();
        for (String part : parts) {
            specs.add(single(spec, part));
        }
        // Built from the right: each part hands over at its boundary, counted from its own start.
        FeedbackSchedule joined = specs.get(specs.size() - 1).schedule;
        StringBuilder canonical = new StringBuilder(specs.get(specs.size() - 1).canonical);
        for (int i = specs.size() - 2; i >= 0; i--) {
            Boundary relative;
            try {
                relative = i == 0 ? boundaries.get(0) : boundaries.get(i).after(boundaries.get(i - 1));
            } catch (IllegalArgumentException e) {
                throw error(spec, e.getMessage());
            }
            FeedbackSchedule part = specs.get(i).schedule;
            joined = part instanceof BetaSchedule pure && joined instanceof BetaSchedule rest
                    ? pure.then(relative, rest)
                    : part.then(relative, joined);
            canonical.insert(0, specs.get(i).canonical + " then@" + boundaries.get(i) + " ");
        }
        return new ScheduleSpec(canonical.toString(), joined);
    }

    private static ScheduleSpec single(String spec, String part) {
        String trimmed = part.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        Kind kind = KINDS.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> error(spec, "unknown schedule '" + name + "'; expected one of " + NAMES));
        Set<String> allowed = new java.util.TreeSet<>(kind.keys());
        allowed.addAll(COMPOSITION_KEYS);
        Map<String, String> options = keyValues(
                colon < 0 ? "" : trimmed.substring(colon + 1), kind.name(), allowed, problem -> error(spec, problem));
        try {
            return build(kind, options);
        } catch (IllegalArgumentException e) {
            throw error(spec, e.getMessage());
        }
    }

    /**
     * Reads the {@code KEY=VALUE,...} after a spec's name.
     *
     * @param text the text after the colon
     * @param name the spec's name, for messages
     * @param allowed the keys it takes
     * @param error makes the exception for a problem
     * @return the values by key, in the order given
     */
    static Map<String, String> keyValues(String text, String name, Set<String> allowed,
            java.util.function.Function<String, IllegalArgumentException> error) {
        Map<String, String> options = new LinkedHashMap<>();
        if (text.isBlank()) {
            return options;
        }
        for (String pair : text.split(",", -1)) {
            int eq = pair.indexOf('=');
            if (eq < 0) {
                throw error.apply("'" + pair.trim() + "' is not KEY=VALUE");
            }
            String key = pair.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = pair.substring(eq + 1).trim();
            if (!allowed.contains(key)) {
                throw error.apply("unknown key '" + key + "' for " + name + "; allowed keys: "
                        + new java.util.TreeSet<>(allowed));
            }
            if (value.isEmpty()) {
                throw error.apply("key '" + key + "' has no value");
            }
            if (options.put(key, value) != null) {
                throw error.apply("key '" + key + "' is given twice");
            }
        }
        return options;
    }

    // Scale and clamp apply to the named schedule; they appear in the text only when given.
    private static ScheduleSpec build(Kind kind, Map<String, String> options) {
        Map<String, String> own = new LinkedHashMap<>(options);
        own.keySet().removeAll(COMPOSITION_KEYS);
        ScheduleSpec named = kind.factory().build(kind.name(), own);
        FeedbackSchedule schedule = named.schedule;
        StringBuilder canonical = new StringBuilder(named.canonical);
        if (options.containsKey("scale")) {
            double scale = number(options, "scale", 1.0);
            schedule = schedule instanceof BetaSchedule pure ? pure.scaled(scale) : schedule.scaled(scale);
            canonical.append(",scale=").append(scale);
        }
        if (options.containsKey("clamp")) {
            String[] range = options.get("clamp").split("\\.\\.", -1);
            if (range.length != 2) {
                throw new IllegalArgumentException(
                        "key 'clamp' must be LOW..HIGH, e.g. clamp=0.1..0.9, got '" + options.get("clamp") + "'");
            }
            double low = number(Map.of("clamp", range[0]), "clamp", 0);
            double high = number(Map.of("clamp", range[1]), "clamp", 0);
            schedule = schedule instanceof BetaSchedule pure ? pure.clamped(low, high) : schedule.clamped(low, high);
            canonical.append(",clamp=").append(low).append("..").append(high);
        }
        return new ScheduleSpec(canonical.toString(), schedule);
    }

    // Each factory's canonical text lists every key in a fixed order with its parsed value,
    // defaults included.
    private static ScheduleSpec control(String name, Map<String, String> options) {
        if (!options.containsKey("target")) {
            throw new IllegalArgumentException(
                    "control needs the KL to steer to, in nats per example: e.g. control:target=3");
        }
        KlController controller = new KlController(
                number(options, "target", Double.NaN),
                number(options, "kp", DEFAULT_KP),
                number(options, "ki", DEFAULT_KI),
                number(options, "min", 0.0),
                number(options, "max", 1.0),
                number(options, "smoothing", DEFAULT_SMOOTHING),
                number(options, "target_ramp", 0.0));
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("target", controller.target());
        values.put("kp", controller.kp());
        values.put("ki", controller.ki());
        values.put("min", controller.min());
        values.put("max", controller.max());
        values.put("smoothing", controller.smoothing());
        values.put("target_ramp", controller.targetRamp());
        return new ScheduleSpec(name, values, controller);
    }

    private static ScheduleSpec constant(String name, Map<String, String> options) {
        double beta = number(options, "beta", 1.0);
        return new ScheduleSpec(name, Map.of("beta", beta), BetaSchedule.constant(beta));
    }

    // monotonic is cyclical with one cycle.
    private static ScheduleSpec ramped(String name, Map<String, String> options) {
        Map<String, Object> values = new LinkedHashMap<>();
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

    static double number(Map<String, String> options, String key, double fallback) {
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

    static int integer(Map<String, String> options, String key, int fallback) {
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

    // One line whatever the spec holds: control characters it echoes are written as escapes.
    private static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException(printable("schedule spec '" + spec + "': " + problem));
    }

    static String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c)) {
                out.append(c == '\n' ? "\\n" : c == '\t' ? "\\t" : String.format(Locale.ROOT, "\\u%04x", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }

    /** Returns the schedule as a pure function of the step, or empty when a part reads the KL. */
    public java.util.Optional<BetaSchedule> pure() {
        return schedule instanceof BetaSchedule pure ? java.util.Optional.of(pure) : java.util.Optional.empty();
    }

    /** Returns the schedule this spec describes: a {@link BetaSchedule} when no part reads the KL. */
    public FeedbackSchedule schedule() {
        return schedule;
    }

    /** Returns the spec with every option spelled out, defaults included. */
    @Override
    public String toString() {
        return canonical;
    }
}
