package io.klanneal.data;

/**
 * A training set and the held-out set that validation reports on.
 *
 * @param train what the optimizer sees
 * @param validation what validation metrics are computed on
 * @param <T> the kind of data
 */
public record Splits<T>(T train, T validation) {}
