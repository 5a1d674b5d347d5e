package io.klanneal.train;

import ai.djl.engine.Engine;
import java.util.Random;

/**
 * Every random stream of a run, each derived from the run's 64-bit seed, a named purpose and where
 * it is used (epoch, step), so that no consumer shifts the numbers another one draws: changing a
 * diagnostic leaves training bit-identical, and the data order of epoch k does not depend on what
 * ran before it (which is what exact resume needs).
 *
 * <p>DJL's engine has one global generator and no per-call one, so the engine's streams are made
 * by reseeding it at fixed points: before each training step (dropout, word dropout and the
 * reparameterisation noise of that step), before each validation pass and before each epoch's
 * diagnostics. Java-side streams (data order, held-out split, generated data, the MI estimate's
 * samples) get a {@link Random} of their own.
 */
public final class RandomStreams {

    /** The consumers of randomness. */
    public enum Purpose {
        /** Generated images and the toy sentences. */
        GENERATED_DATA,
        /** Which sentences of a single text file are held out. */
        HOLDOUT_SPLIT,
        /** The model's initial parameters. */
        INITIALIZATION,
        /** The order of training examples, per epoch. */
        DATA_ORDER,
        /** Dropout, word dropout and reparameterisation noise of one training step. */
        TRAINING_STEP,
        /** The reparameterisation noise of one epoch's validation pass. */
        VALIDATION,
        /** The engine draws of one epoch's diagnostics (IW samples, their decodes). */
        DIAGNOSTICS,
        /** The z draws of one epoch's mutual-information estimate. */
        MUTUAL_INFORMATION,
        /** Sampling and evaluation commands outside training. */
        INFERENCE,
        /** The decoder's fresh parameters after pretraining. */
        DECODER_RESET,
        /**
         * Aggressive inference training's extra encoder steps before one training step: their
         * batches and their engine draws (last: each stream keeps its number).
         */
        AGGRESSIVE_INFERENCE
    }

    private final long seed;

    /**
     * Creates the streams of a run.
     *
     * @param seed the run's seed; all 64 bits matter
     */
    public RandomStreams(long seed) {
        this.seed = seed;
    }

    /**
     * Returns the seed of one stream.
     *
     * @param purpose what the stream is for
     * @param indices where it is used (epoch, step), if it is used more than once
     * @return a 64-bit seed that depends on every bit of the run's seed, the purpose and the indices
     */
    public long seed(Purpose purpose, long... indices) {
        long h = mix(seed ^ 0x6b6c616e6e65616cL); // "klanneal"
        h = mix(h + purpose.ordinal() + 1);
        for (long index : indices) {
            h = mix(h ^ mix(index + 0x9e3779b97f4a7c15L));
        }
        return h;
    }

    /** Returns a Java generator for one stream. */
    public Random random(Purpose purpose, long... indices) {
        return new Random(seed(purpose, indices));
    }

    /**
     * Reseeds the engine's global generator for one stream. DJL takes an {@code int}; it is
     * folded from all 64 bits of the stream's seed.
     *
     * @param purpose what the engine's next draws are for
     * @param indices where (epoch, step)
     */
    public void seedEngine(Purpose purpose, long... indices) {
        long s = seed(purpose, indices);
        Engine.getInstance().setRandomSeed((int) (s ^ (s >>> 32)));
    }

    // SplitMix64's finaliser: every input bit flips about half of the output bits.
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
