package io.klanneal.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A training set and the held-out set that validation reports on.
 *
 * @param train what the optimizer sees
 * @param validation what validation metrics are computed on
 * @param files the files both were read from (empty for generated data), for the run's record
 * @param <T> the kind of data
 */
public record Splits<T>(T train, T validation, List<Path> files) {

    public Splits {
        files = List.copyOf(files);
    }

    /** Splits made without reading files (generated data). */
    public Splits(T train, T validation) {
        this(train, validation, List.of());
    }
}
