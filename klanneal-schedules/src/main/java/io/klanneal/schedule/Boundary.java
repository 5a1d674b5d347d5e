package io.klanneal.schedule;

/**
 * Where one schedule of a {@link FeedbackSchedule#then} hands over to the next: after a number of
 * optimizer steps, or of epochs. Written {@code 500} (steps) or {@code 2e} (epochs) in specs.
 *
 * @param count how many steps or epochs, at least 0
 * @param epochs true when counted in epochs
 */
public record Boundary(long count, boolean epochs) {

    public Boundary {
        if (count < 0) {
            throw new IllegalArgumentException("a boundary must not be negative, got " + count);
        }
    }

    /** A boundary after {@code count} optimizer steps. */
    public static Boundary steps(long count) {
        return new Boundary(count, false);
    }

    /** A boundary after {@code count} epochs. */
    public static Boundary epochs(long count) {
        return new Boundary(count, true);
    }

    /**
     * Parses {@code 500} (steps) or {@code 2e} (epochs).
     *
     * @param text the text
     * @return the boundary
     * @throws IllegalArgumentException when it is neither
     */
    public static Boundary parse(String text) {
        String t = text.strip();
        boolean inEpochs = t.endsWith("e");
        try {
            return new Boundary(Long.parseLong(inEpochs ? t.substring(0, t.length() - 1) : t), inEpochs);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(
                    "'" + text + "' is not a boundary; write 500 (steps) or 2e (epochs)", e);
        }
    }

    /** Returns the boundary in optimizer steps. */
    public long toSteps(long stepsPerEpoch) {
        return epochs ? count * stepsPerEpoch : count;
    }

    /** Returns this boundary counted from {@code start} on, in the same unit. */
    Boundary after(Boundary start) {
        if (start.epochs != epochs) {
            throw new IllegalArgumentException(
                    "boundaries " + start + " and " + this + " mix steps and epochs; give both in one unit");
        }
        if (count < start.count) {
            throw new IllegalArgumentException(
                    "boundary " + this + " comes before " + start + "; give them in increasing order");
        }
        return new Boundary(count - start.count, epochs);
    }

    @Override
    public String toString() {
        return count + (epochs ? "e" : "");
    }
}
