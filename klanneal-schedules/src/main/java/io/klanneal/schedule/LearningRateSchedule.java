package io.klanneal.schedule;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * How the learning rate moves over a run, as a factor of the base rate, written as text like a
 * beta schedule ({@code NAME[:KEY=VALUE,...]}):
 *
 * <ul>
 *   <li>{@code constant}: the base rate throughout
 *   <li>{@code warmup:length=500} (or {@code 2e}): rising linearly over the first steps, then the
 *       base rate
 *   <li>{@code cosine:min=0}: from the base rate down to {@code min} times it along half a cosine
 *       over the run; with {@code restart=cycle}, over each cycle of the beta schedule instead, back
 *       to the base rate on each cycle's first step (Fu et al.'s cyclical script)
 *   <li>{@code step:every=2e,factor=0.5}: times {@code factor} every so many steps or epochs
 *   <li>{@code plateau:factor=0.5,patience=5,decays=5}: times {@code factor} once the held-out loss
 *       has not improved for {@code patience} epochs, at most {@code decays} times (Li et al. and
 *       He et al. train with SGD this way)
 * </ul>
 *
 * <p>A schedule is a value: the factor is a function of the step, the run's shape and, for {@code
 * plateau}, the held-out losses of the epochs so far, whose decays it counts again from them each
 * epoch (a caller that keeps those losses, as a checkpoint does, keeps the schedule's state).
 */
public final class LearningRateSchedule {

    private enum Kind {
        CONSTANT(Set.of()),
        WARMUP(Set.of("length")),
        COSINE(Set.of("min", "restart")),
        STEP(Set.of("every", "factor")),
        PLATEAU(Set.of("factor", "patience", "decays"));

        final Set<String> keys;

        Kind(Set<String> keys) {
            this.keys = keys;
        }

        String specName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final List<String> NAMES = List.of(Kind.values()).stream().map(Kind::specName).toList();

    /** The base rate throughout. */
    public static final LearningRateSchedule CONSTANT = parse("constant");

    private final Kind kind;
    private final String canonical;
    private final Boundary length;
    private final double min;
    private final boolean perBetaCycle;
    private final double factor;
    private final int patience;
    private final int decays;

    private LearningRateSchedule(Kind kind, Map<String, Object> values, Boundary length, double min,
            boolean perBetaCycle, double factor, int patience, int decays) {
        this.kind = kind;
        StringBuilder text = new StringBuilder(kind.specName());
        values.forEach((k, v) -> text.append(text.indexOf(":") < 0 ? ":" : ",").append(k).append('=').append(v));
        this.canonical = text.toString();
        this.length = length;
        this.min = min;
        this.perBetaCycle = perBetaCycle;
        this.factor = factor;
        this.patience = patience;
        this.decays = decays;
    }

    /**
     * Parses a spec.
     *
     * @param spec e.g. {@code cosine:min=0.1,restart=cycle}
     * @return the schedule
     * @throws IllegalArgumentException naming what is wrong and what is allowed
     */
    public static LearningRateSchedule parse(String spec) {
        String trimmed = spec == null ? "" : spec.trim();
        int colon = trimmed.indexOf(':');
        String name = (colon < 0 ? trimmed : trimmed.substring(0, colon)).toLowerCase(Locale.ROOT);
        Kind kind = List.of(Kind.values()).stream().filter(k -> k.specName().equals(name)).findFirst()
                .orElseThrow(() -> error(spec, "unknown learning-rate schedule '" + name + "'; expected one of " + NAMES));
        try {
            Map<String, String> options = ScheduleSpec.keyValues(
                    colon < 0 ? "" : trimmed.substring(colon + 1), name, kind.keys, problem -> error(spec, problem));
            return build(kind, options);
        } catch (IllegalArgumentException e) {
            throw e.getMessage().startsWith("learning-rate schedule spec") ? e : error(spec, e.getMessage());
        }
    }

    private static LearningRateSchedule build(Kind kind, Map<String, String> options) {
        Map<String, Object> values = new LinkedHashMap<>();
        switch (kind) {
            case WARMUP -> {
                Boundary length = Boundary.parse(options.getOrDefault("length", "1e"));
                if (length.count() < 1) {
                    throw new IllegalArgumentException("key 'length' must be at least 1 step or epoch");
                }
                values.put("length", length);
                return new LearningRateSchedule(kind, values, length, 1, false, 1, 0, 0);
            }
            case COSINE -> {
                double min = ScheduleSpec.number(options, "min", 0.0);
                if (min < 0 || min > 1) {
                    throw new IllegalArgumentException("key 'min' is a fraction of the base rate, 0 to 1; got " + min);
                }
                String restart = options.getOrDefault("restart", "none").toLowerCase(Locale.ROOT);
                if (!restart.equals("none") && !restart.equals("cycle")) {
                    throw new IllegalArgumentException("key 'restart' must be 'none' or 'cycle', got '" + restart + "'");
                }
                values.put("min", min);
                values.put("restart", restart);
                return new LearningRateSchedule(kind, values, null, min, restart.equals("cycle"), 1, 0, 0);
            }
            case STEP -> {
                Boundary every = Boundary.parse(options.getOrDefault("every", "1e"));
                if (every.count() < 1) {
                    throw new IllegalArgumentException("key 'every' must be at least 1 step or epoch");
                }
                double factor = decayFactor(options);
                values.put("every", every);
                values.put("factor", factor);
                return new LearningRateSchedule(kind, values, every, 1, false, factor, 0, 0);
            }
            case PLATEAU -> {
                double factor = decayFactor(options);
                int patience = ScheduleSpec.integer(options, "patience", 5);
                int decays = ScheduleSpec.integer(options, "decays", 5);
                if (patience < 1 || decays < 0) {
                    throw new IllegalArgumentException(
                            "key 'patience' must be at least 1 and 'decays' at least 0; got " + patience + " and " + decays);
                }
                values.put("factor", factor);
                values.put("patience", patience);
                values.put("decays", decays);
                return new LearningRateSchedule(kind, values, null, 1, false, factor, patience, decays);
            }
            default -> {
                return new LearningRateSchedule(kind, values, null, 1, false, 1, 0, 0);
            }
        }
    }

    private static double decayFactor(Map<String, String> options) {
        double factor = ScheduleSpec.number(options, "factor", 0.5);
        if (factor <= 0 || factor >= 1) {
            throw new IllegalArgumentException("key 'factor' must be between 0 and 1 (a decay), got " + factor);
        }
        return factor;
    }

    private static IllegalArgumentException error(String spec, String problem) {
        return new IllegalArgumentException(ScheduleSpec.printable("learning-rate schedule spec '" + spec + "': " + problem));
    }

    /**
     * Checks that the schedule can follow a run's beta schedule: {@code restart=cycle} needs one
     * whose structure names its cycles.
     *
     * @param beta the beta schedule's structure over the run
     * @throws IllegalArgumentException when it cannot
     */
    public void check(Structure beta) {
        if (perBetaCycle && !beta.known()) {
            throw new IllegalArgumentException(
                    "learning-rate schedule " + this + " restarts on each cycle of the beta schedule, which does not"
                            + " describe its cycles; use a monotonic or cyclical beta schedule, or restart=none");
        }
    }

    /**
     * Returns whether the factor at a step depends on the run's length (cosine, over the run or its
     * beta cycles), so that a longer run would change the rate of steps already trained.
     */
    public boolean followsRunLength() {
        return kind == Kind.COSINE;
    }

    /** Returns whether the factor depends on the held-out losses of the epochs (plateau). */
    public boolean readsLosses() {
        return kind == Kind.PLATEAU;
    }

    /**
     * Returns the factor of the base learning rate at a step.
     *
     * @param step the 0-based optimizer step of the whole run
     * @param run the run's length; its step is ignored
     * @param beta the beta schedule's structure over the run (its cycles, for {@code restart=cycle})
     * @param epochLosses the held-out loss of each epoch finished so far (read by {@code plateau})
     * @return the factor, in (0, 1]
     */
    public double factor(long step, Progress run, Structure beta, double[] epochLosses) {
        return switch (kind) {
            case CONSTANT -> 1;
            case WARMUP -> Math.min(1.0, (step + 1) / (double) length.toSteps(run.stepsPerEpoch()));
            case COSINE -> {
                long start = 0;
                long end = run.totalSteps();
                if (perBetaCycle) {
                    for (Structure.Cycle cycle : beta.cycles()) {
                        if (step >= cycle.start()) {
                            start = cycle.start();
                            end = cycle.end();
                        }
                    }
                }
                double position = (step - start) / (double) Math.max(1, end - start);
                yield min + (1 - min) * 0.5 * (1 + Math.cos(Math.PI * Math.min(1.0, position)));
            }
            case STEP -> Math.pow(factor, step / length.toSteps(run.stepsPerEpoch()));
            case PLATEAU -> Math.pow(factor, decaysAfter(epochLosses));
        };
    }

    /**
     * Returns how many times {@code plateau} has decayed after these epochs: once each time the
     * loss has not gone below its best for {@code patience} epochs in a row (the count starting
     * again after each decay), at most {@code decays} times; 0 for the other kinds.
     *
     * @param epochLosses the held-out loss of each epoch so far
     * @return the decays
     */
    public int decaysAfter(double[] epochLosses) {
        if (kind != Kind.PLATEAU) {
            return 0;
        }
        double best = Double.POSITIVE_INFINITY;
        int worse = 0;
        int done = 0;
        for (double loss : epochLosses) {
            if (loss < best) {
                best = loss;
                worse = 0;
            } else if (++worse == patience && done < decays) {
                done++;
                worse = 0;
            }
        }
        return done;
    }

    /** Returns the spec with every key spelled out. */
    @Override
    public String toString() {
        return canonical;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof LearningRateSchedule that && canonical.equals(that.canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }
}
