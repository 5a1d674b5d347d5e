package io.klanneal.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How often a run saves a checkpoint between epochs, on top of the one after every epoch: every
 * {@code steps} optimizer steps and/or once {@code time} has passed since the last one. Written
 * {@code 500} (steps), {@code 10m} (also {@code 30s}, {@code 2h}), {@code 500,10m} (whichever comes
 * first) or {@code 0} (after epochs only).
 *
 * @param steps save every this many global steps (0: not by steps)
 * @param time save when this much time has passed since the last checkpoint (zero: not by time)
 */
public record CheckpointInterval(long steps, Duration time) {

    /** Saves after epochs only. */
    public static final CheckpointInterval EPOCHS_ONLY = new CheckpointInterval(0, Duration.ZERO);

    public CheckpointInterval {
        if (steps < 0 || time.isNegative()) {
            throw new IllegalArgumentException("a checkpoint interval cannot be negative");
        }
    }

    /**
     * Parses the option's text.
     *
     * @param text {@code STEPS}, {@code DURATION} (a number with s, m or h), both joined by a comma,
     *     or 0
     * @return the interval
     * @throws IllegalArgumentException naming what is wrong
     */
    public static CheckpointInterval parse(String text) {
        long steps = 0;
        Duration time = Duration.ZERO;
        for (String part : text.trim().split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.matches("[0-9]+")) {
                steps = Long.parseLong(p);
            } else if (p.matches("[0-9]+[smh]")) {
                long n = Long.parseLong(p.substring(0, p.length() - 1));
                time = switch (p.charAt(p.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            } else {
                throw new IllegalArgumentException(
                        "expected optimizer steps (500), a time (30s, 10m, 2h), both (500,10m) or 0,"
                                + " got '" + text + "'");
            }
        }
        return new CheckpointInterval(steps, time);
    }

    /**
     * Returns whether a checkpoint is due after a step.
     *
     * @param globalStep the number of steps done
     * @param nanosSinceLast nanoseconds since the last checkpoint
     * @return whether to save one now
     */
    public boolean due(long globalStep, long nanosSinceLast) {
        // Asked after every step: plain arithmetic, no allocation.
        return (steps > 0 && globalStep % steps == 0)
                || (!time.isZero() && nanosSinceLast >= time.toNanos());
    }

    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        if (steps > 0) {
            parts.add(Long.toString(steps));
        }
        if (!time.isZero()) {
            long s = time.toSeconds();
            parts.add(s % 3600 == 0 ? s / 3600 + "h" : s % 60 == 0 ? s / 60 + "m" : s + "s");
        }
        return parts.isEmpty() ? "0" : String.join(",", parts);
    }
}
