package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;

class SettledEpochsTest {

    private static boolean[] settled(String spec, long stepsPerEpoch, int epochs) {
        return SettledEpochs.of(ScheduleSpec.parse(spec).schedule(), stepsPerEpoch, epochs);
    }

    @Test
    void constantScheduleIsSettledFromTheFirstEpoch() {
        assertArrayEquals(
                new boolean[] {true, true, true, true}, settled("constant:beta=0.5", 10, 4));
    }

    @Test
    void monotonicScheduleSettlesInTheEpochItsRampEnds() {
        // 10 epochs of 10 steps, ramp over the first 35: beta reaches max at step 35 (epoch 4).
        boolean[] expected = {false, false, false, true, true, true, true, true, true, true};
        assertArrayEquals(expected, settled("monotonic:ramp_steps=35", 10, 10));
        assertArrayEquals(expected, settled("monotonic:ratio=0.35", 10, 10));
    }

    @Test
    void cyclicalScheduleComparesOnlyTheEpochsWhereACycleEnds() {
        // 470 steps, 4 cycles: cycles end at steps 116, 234, 351, 469 -> epochs 3, 5, 8, 10.
        boolean[] expected = {false, false, true, false, true, false, false, true, false, true};
        assertArrayEquals(expected, settled("cyclical:cycles=4,ratio=0.5", 47, 10));
        assertArrayEquals(expected, settled("cyclical:cycles=4,ratio=0.5,update=epoch", 47, 10));
    }

    @Test
    void plateauEpochsInsideACycleAreNotCompared() {
        // 2 cycles of 5 epochs: beta is on its plateau from epoch 3 on, but only epochs 5, 10 count.
        boolean[] expected = {false, false, false, false, true, false, false, false, false, true};
        assertArrayEquals(expected, settled("cyclical:cycles=2,ratio=0.5", 10, 10));
    }

    @Test
    void customScheduleThatMovesUntilTheEndSettlesOnlyInTheLastEpoch() {
        BetaSchedule rising = progress -> progress.fraction();
        assertArrayEquals(
                new boolean[] {false, false, true}, SettledEpochs.of(rising, 5, 3));
    }
}
