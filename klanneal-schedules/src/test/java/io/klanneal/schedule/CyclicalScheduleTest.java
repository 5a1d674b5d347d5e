package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CyclicalScheduleTest {

    private static final double EPS = 1e-12;
    private static final double SIGMOID_AT_0 = 1.0 / (1.0 + Math.exp(6));
    private static final double SIGMOID_AT_1 = 1.0 / (1.0 + Math.exp(-6));

    private static double beta(BetaSchedule schedule, long step, long totalSteps) {
        return schedule.beta(Progress.ofSteps(step, totalSteps));
    }

    private static CyclicalSchedule cyclical(int cycles, double ratio, Ramp ramp) {
        return CyclicalSchedule.builder().setCycles(cycles).optRatio(ratio).optRamp(ramp).build();
    }

    @Test
    void linearFourCyclesMatchFuEtAlAtEveryBoundary() {
        // T = 80, M = 4: period 20, each ramp 10 steps long.
        CyclicalSchedule s = cyclical(4, 0.5, Ramp.LINEAR);
        assertEquals(0.0, beta(s, 0, 80), EPS, "first step");
        assertEquals(0.5, beta(s, 5, 80), EPS, "middle of ramp");
        assertEquals(0.9, beta(s, 9, 80), EPS, "step before end of ramp");
        assertEquals(1.0, beta(s, 10, 80), EPS, "end of ramp (tau = 1)");
        assertEquals(1.0, beta(s, 11, 80), EPS, "plateau");
        assertEquals(1.0, beta(s, 19, 80), EPS, "last step of cycle 0");
        for (int cycle = 1; cycle < 4; cycle++) {
            assertEquals(0.0, beta(s, cycle * 20L, 80), EPS, "start of cycle " + cycle);
            assertEquals(0.1, beta(s, cycle * 20L + 1, 80), EPS, "second step of cycle " + cycle);
        }
        assertEquals(1.0, beta(s, 79, 80), EPS, "last step");
    }

    @ParameterizedTest
    @EnumSource(Ramp.class)
    void everyShapeStartsAtMinEndsAtItsValueAtOneAndHoldsMax(Ramp ramp) {
        CyclicalSchedule s =
                CyclicalSchedule.builder()
                        .setCycles(4)
                        .optRatio(0.5)
                        .optBetaMin(0.2)
                        .optBetaMax(0.8)
                        .optRamp(ramp)
                        .build();
        double atStart = ramp == Ramp.SIGMOID ? SIGMOID_AT_0 : 0.0;
        double atEnd = ramp == Ramp.SIGMOID ? SIGMOID_AT_1 : 1.0;
        for (int cycle = 0; cycle < 4; cycle++) {
            long start = cycle * 20L;
            assertEquals(0.2 + 0.6 * atStart, beta(s, start, 80), EPS, ramp + " cycle start");
            assertEquals(0.2 + 0.6 * 0.5, beta(s, start + 5, 80), EPS, ramp + " mid ramp");
            assertEquals(0.2 + 0.6 * atEnd, beta(s, start + 10, 80), EPS, ramp + " ramp end");
            assertEquals(0.8, beta(s, start + 11, 80), EPS, ramp + " plateau");
        }
        assertEquals(0.8, beta(s, 79, 80), EPS, ramp + " last step");
    }

    @Test
    void shapesFollowTheirFormulas() {
        assertEquals(0.25, Ramp.LINEAR.apply(0.25), EPS);
        assertEquals(1.0 / (1.0 + Math.exp(-(12 * 0.25 - 6))), Ramp.SIGMOID.apply(0.25), EPS);
        assertEquals(0.5 - 0.5 * Math.cos(Math.PI * 0.25), Ramp.COSINE.apply(0.25), EPS);
    }

    @Test
    void totalStepsNotDivisibleByCyclesStartsCyclesAtFloorOfMultiplesOfPeriod() {
        // T = 10, M = 3: period 10/3, cycles start at 0, 3, 6; a ramp lasts 5/3 steps.
        CyclicalSchedule s = cyclical(3, 0.5, Ramp.LINEAR);
        assertEquals(0.0, beta(s, 0, 10), EPS);
        assertEquals(0.6, beta(s, 1, 10), EPS);
        assertEquals(1.0, beta(s, 2, 10), EPS);
        assertEquals(0.0, beta(s, 3, 10), EPS, "cycle 1 starts at floor(10/3) = 3");
        assertEquals(0.6, beta(s, 4, 10), EPS);
        assertEquals(1.0, beta(s, 5, 10), EPS);
        assertEquals(0.0, beta(s, 6, 10), EPS, "cycle 2 starts at floor(20/3) = 6");
        assertEquals(0.6, beta(s, 7, 10), EPS);
        assertEquals(1.0, beta(s, 9, 10), EPS, "last step");
        assertEquals(3, s.structure(10, 1).cycles().get(1).start());
        assertEquals(6, s.structure(10, 1).cycles().get(2).start());
        assertEquals(10, s.structure(10, 1).cycles().get(2).end());
    }

    @Test
    void cycleStartsUseFloorEvenWhenThePeriodIsJustBelowAnInteger() {
        // T = 7, M = 3: period 7/3, starts 0, 2, 4 (floor(4.666)).
        CyclicalSchedule s = cyclical(3, 1.0, Ramp.LINEAR);
        assertEquals(0.0, beta(s, 2, 7), EPS);
        assertEquals(0.0, beta(s, 4, 7), EPS);
        assertEquals(2.0 * 3 / 7, beta(s, 6, 7), EPS, "last step, 2 steps into cycle 2");
    }

    @Test
    void moreCyclesThanStepsStillGivesAValueForEveryStep() {
        CyclicalSchedule s = cyclical(5, 0.5, Ramp.LINEAR);
        for (long step = 0; step < 3; step++) {
            double beta = beta(s, step, 3);
            assertTrue(beta >= 0 && beta <= 1, "step " + step + " gave " + beta);
        }
    }

    @Test
    void monotonicIsOneCycle() {
        CyclicalSchedule s = CyclicalSchedule.monotonic().optRatio(0.5).build();
        assertEquals(0.0, beta(s, 0, 10), EPS);
        assertEquals(0.4, beta(s, 2, 10), EPS);
        assertEquals(1.0, beta(s, 5, 10), EPS, "end of ramp");
        assertEquals(1.0, beta(s, 9, 10), EPS, "last step");
    }

    @Test
    void ratioOneRampsOverTheWholeCycleWithNoPlateau() {
        CyclicalSchedule s = cyclical(2, 1.0, Ramp.LINEAR);
        assertEquals(0.9, beta(s, 9, 20), EPS);
        assertEquals(0.0, beta(s, 10, 20), EPS);
    }

    @Test
    void heldPerEpochUsesTheValueAtEachEpochsFirstStep() {
        BetaSchedule s = cyclical(2, 0.5, Ramp.LINEAR).heldPerEpoch();
        // 40 steps in 4 epochs of 10: cycle period 20, ramp 10.
        assertEquals(0.0, s.beta(new Progress(9, 40, 10)), EPS, "epoch 0 holds beta(0)");
        assertEquals(1.0, s.beta(new Progress(15, 40, 10)), EPS, "epoch 1 holds beta(10)");
        assertEquals(0.0, s.beta(new Progress(25, 40, 10)), EPS, "epoch 2 holds beta(20)");
    }

    @Test
    void builderRejectsOutOfRangeOptionsNamingThem() {
        assertMessage("cycles", () -> CyclicalSchedule.builder().build());
        assertMessage("cycles", () -> CyclicalSchedule.builder().setCycles(-2).build());
        assertMessage("ratio", () -> CyclicalSchedule.builder().setCycles(1).optRatio(0).build());
        assertMessage("ratio", () -> CyclicalSchedule.builder().setCycles(1).optRatio(1.5).build());
        assertMessage(
                "ratio", () -> CyclicalSchedule.builder().setCycles(1).optRatio(Double.NaN).build());
        assertMessage(
                "min",
                () -> CyclicalSchedule.builder().setCycles(1).optBetaMin(0.9).optBetaMax(0.1).build());
        assertMessage(
                "max", () -> CyclicalSchedule.builder().setCycles(1).optBetaMax(Double.NaN).build());
    }

    private static void assertMessage(String expected, org.junit.jupiter.api.function.Executable build) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, build);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void fixedRampStepsGiveTheSameRampInEveryCycleWhateverTheRunLength() {
        CyclicalSchedule s = CyclicalSchedule.builder().setCycles(2).optRampSteps(10).build();
        for (long total : new long[] {40, 100}) {
            long secondCycle = total / 2;
            assertEquals(0.5, beta(s, 5, total), EPS, "mid ramp, T=" + total);
            assertEquals(1.0, beta(s, 10, total), EPS, "ramp end, T=" + total);
            assertEquals(0.3, beta(s, secondCycle + 3, total), EPS, "second cycle, T=" + total);
        }
        assertEquals("cyclical:cycles=2,ramp_steps=10,min=0.0,max=1.0,shape=linear", s.toString());
    }

    @Test
    void rampLongerThanItsCycleStopsShortOfMax() {
        CyclicalSchedule s = CyclicalSchedule.monotonic().optRampSteps(200).build();
        assertEquals(0.495, beta(s, 99, 100), EPS);
    }

    @Test
    void negativeRampStepsAreRejectedByName() {
        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> CyclicalSchedule.monotonic().optRampSteps(-1).build());
        assertTrue(e.getMessage().contains("ramp_steps"), e.getMessage());
    }
}
