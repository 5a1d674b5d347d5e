package io.klanneal.schedule;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The shape of a ramp from 0 to 1 as tau goes from 0 to 1 (Fu et al., 2019). */
public enum Ramp {
    /** {@code tau}. */
    LINEAR {
        @Override
        public double apply(double tau) {
            return tau;
        }
    },
    /** {@code 1 / (1 + exp(-(12 tau - 6)))}: flat at both ends, steep in the middle. */
    SIGMOID {
        @Override
        public double apply(double tau) {
            return 1.0 / (1.0 + Math.exp(-(12.0 * tau - 6.0)));
        }
    },
    /** {@code 0.5 - 0.5 cos(pi tau)}: exactly 0 at tau = 0 and 1 at tau = 1. */
    COSINE {
        @Override
        public double apply(double tau) {
            return 0.5 - 0.5 * Math.cos(Math.PI * tau);
        }
    };

    /**
     * Returns the ramp's height at {@code tau}.
     *
     * @param tau position in the ramp, 0 at its start and 1 at its end
     * @return the height, between 0 and 1
     */
    public abstract double apply(double tau);

    /** Returns the lower-case name used in schedule specs. */
    public String specName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a ramp name as written in a spec ({@code linear}, {@code sigmoid}, {@code cosine}).
     *
     * @param name the name, any case
     * @return the ramp
     * @throws IllegalArgumentException naming the valid shapes when {@code name} is none of them
     */
    public static Ramp parse(String name) {
        for (Ramp ramp : values()) {
            if (ramp.specName().equalsIgnoreCase(name.trim())) {
                return ramp;
            }
        }
        throw new IllegalArgumentException(
                "unknown ramp shape '"
                        + name
                        + "'; expected one of "
                        + Arrays.stream(values()).map(Ramp::specName).collect(Collectors.joining(", ")));
    }
}
