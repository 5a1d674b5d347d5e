package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A schedule bound to a run: beta by step alone, and whether a longer run keeps the steps trained. */
class BoundScheduleTest {

    // Over a run of 100 steps of 10 per epoch, the first step whose beta a 150-step run changes
    // among the first `trained`.
    private static long extendingTo150(String spec, long trained) {
        return BoundSchedule.of(ScheduleSpec.parse(spec).schedule(), 100, 10).firstChangedStep(150, trained);
    }

    @Test
    void betaIsAFunctionOfTheStepOverTheBoundRun() {
        BoundSchedule cyclical = BoundSchedule.of(ScheduleSpec.parse("cyclical:cycles=2,ratio=0.5").schedule(), 100, 10);
        assertEquals(0.0, cyclical.beta(0));
        assertEquals(12.0 / 25, cyclical.beta(12), 1e-12, "up the first cycle's 25-step ramp");
        assertEquals(1.0, cyclical.beta(49));
        assertEquals(0.0, cyclical.beta(50), "the second cycle starts again");
    }

    @Test
    void schedulesThatDoNotMeasureTheRunMayBeExtended() {
        assertEquals(-1, extendingTo150("constant:beta=1", 100));
        assertEquals(-1, extendingTo150("monotonic:ramp_steps=30", 100));
        assertEquals(-1, extendingTo150("control:target=3", 100));
        assertEquals(-1, extendingTo150("monotonic:ramp_steps=30,scale=0.5", 100));
    }

    @Test
    void schedulesMeasuredInFractionsOfTheRunChangeTheStepsTrained() {
        assertEquals(1, extendingTo150("cyclical:cycles=2", 100), "step 0 is beta 0 in both runs");
        assertEquals(1, extendingTo150("monotonic:ratio=0.5", 100));
        assertEquals(2, extendingTo150("control:target=3,target_ramp=0.5", 100),
                "step 1's target moves, so step 2's beta may");
        assertEquals(-1, BoundSchedule.of(BetaSchedule.ofFraction(f -> f), 100, 10).firstChangedStep(100, 100),
                "the same length changes nothing");
    }

    @Test
    void aCompositionChangesOnlyWhereItsPartAfterTheSwitchMeasuresTheRest() {
        String warmUpThenCycles = "monotonic:ramp_steps=20 then@30 cyclical:cycles=2";
        assertEquals(-1, extendingTo150(warmUpThenCycles, 30), "the warm-up's 30 steps stay as they were");
        assertEquals(31, extendingTo150(warmUpThenCycles, 100), "the cycles' second step, counted from the switch");
        assertEquals(-1, extendingTo150("cyclical:cycles=2 then@30 constant:beta=1", 100),
                "the cycles see 30 steps in both runs");
    }
}
