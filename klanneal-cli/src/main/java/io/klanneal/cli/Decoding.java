package io.klanneal.cli;

import picocli.CommandLine.Option;

/** How long the commands that decode ({@code sample}, {@code interpolate}) let a sentence grow. */
final class Decoding {

    @Option(names = "--decode-length", paramLabel = "N", defaultValue = "40",
            description = "Longest sentence decoded, in tokens. Default: ${DEFAULT-VALUE}.")
    int length;

    /** Returns the decode length, at least 1. */
    int length() {
        if (length < 1) {
            throw new IllegalArgumentException("--decode-length: must be at least 1, got " + length);
        }
        return length;
    }
}
