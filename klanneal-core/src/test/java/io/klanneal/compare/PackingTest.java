package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** How compare shares the machine among its runs when the user leaves it to it, and when not. */
class PackingTest {

    private static final OptionalLong PLENTY = OptionalLong.of(64L << 30);
    private static final OptionalInt UNSET = OptionalInt.empty();

    @Test
    void moreRunsThanCoresTrainOnePerCoreAtOneThreadEach() {
        assertEquals(new Packing(2, 1), Packing.auto(9, 2, PLENTY, UNSET), "the PTB comparison on this machine");
        assertEquals(new Packing(16, 1), Packing.auto(40, 16, PLENTY, UNSET));
    }

    @Test
    void coresLeftOverWhenRunsAreFewGoToTheRunsAsThreads() {
        assertEquals(new Packing(3, 2), Packing.auto(3, 8, PLENTY, UNSET));
        assertEquals(new Packing(2, 3), Packing.auto(2, 7, PLENTY, UNSET), "a spare core stays idle rather than unequal runs");
        assertEquals(new Packing(1, 0), Packing.auto(1, 8, PLENTY, UNSET), "one run: the engine's default, every core");
    }

    @Test
    void memoryCapsTheRunsAtATimeAndTheirCoresBecomeThreads() {
        OptionalLong forTwo = OptionalLong.of(2 * Packing.MEMORY_PER_RUN + 1);
        assertEquals(new Packing(2, 4), Packing.auto(9, 8, forTwo, UNSET));
        assertEquals(new Packing(1, 0), Packing.auto(9, 8, OptionalLong.of(1L << 20), UNSET), "always at least one");
        assertEquals(new Packing(8, 1), Packing.auto(9, 8, OptionalLong.empty(), UNSET), "unknown memory: no cap");
    }

    @Test
    void runsThatSetTheirThreadsArePackedByThemAndKeepThem() {
        assertEquals(new Packing(4, 0), Packing.auto(9, 8, PLENTY, OptionalInt.of(2)));
        assertEquals(new Packing(1, 0), Packing.auto(9, 2, PLENTY, OptionalInt.of(4)), "more threads than cores: one at a time");
    }

    @Test
    void jobsGivenByTheUserShareTheCoresAsBefore() {
        assertEquals(new Packing(1, 0), Packing.ofJobs(1, 2, false), "one at a time: the engine's default threads");
        assertEquals(new Packing(2, 1), Packing.ofJobs(2, 2, false));
        assertEquals(new Packing(4, 1), Packing.ofJobs(4, 2, false), "more jobs than cores still get a thread");
        assertEquals(new Packing(2, 0), Packing.ofJobs(2, 8, true));
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> Packing.ofJobs(0, 2, false));
        assertEquals("option jobs: must be at least 1, got 0", wrong.getMessage());
    }
}
