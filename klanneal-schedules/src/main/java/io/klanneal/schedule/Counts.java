package io.klanneal.schedule;


/** A number with its noun, singular or plural as the number asks: "1 epoch", "2 epochs". */
public final class Counts {

    private Counts() {}

    /**
     * Returns the number and the noun, with an "s" unless the number is one.
     *
     * @param n the number
     * @param noun the singular noun, whose plural adds "s"
     * @return e.g. {@code "1 sentence"}, {@code "3 sentences"}
     */
    public static String of(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
