package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleWarningsTest {

    private static List<String> check(String spec, long totalSteps, long stepsPerEpoch) {
        return ScheduleWarnings.check(ScheduleSpec.parse(spec).schedule(), totalSteps, stepsPerEpoch);
    }

    private static void assertHas(List<String> warnings, String fragment) {
        assertTrue(
                warnings.stream().anyMatch(w -> w.contains(fragment)),
                "expected a warning containing '" + fragment + "', got " + warnings);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "constant:beta=1",
                "constant:beta=0.1",
                "monotonic:ratio=0.5",
                "monotonic:ramp_steps=400",
                "cyclical:cycles=4,ratio=0.5",
                "cyclical:cycles=4,ratio=0.5,shape=sigmoid",
                "cyclical:cycles=4,ratio=0.5,shape=cosine",
                "cyclical:cycles=4,ratio=0.5,update=epoch",
                "cyclical:cycles=2,ratio=0.5,update=epoch",
            })
    void soundSchedulesOverTenEpochsOf47StepsGiveNoWarning(String spec) {
        assertEquals(List.of(), check(spec, 470, 47), spec);
    }

    @Test
    void customFunctionsAreNotChecked() {
        BetaSchedule lambda = progress -> 0.0;
        assertEquals(List.of(), ScheduleWarnings.check(lambda, 100, 10));
    }

    @Test
    void countsOfOneAreSingular() {
        List<String> warnings = check("monotonic:ramp_steps=1000", 1, 1);
        assertHas(warnings, "training has only 1 optimizer step: the warm-up never finishes");
        assertHas(warnings, "in 1 optimizer step: the highest value");
    }

    @Test
    void rampLongerThanTrainingWarnsThatTheWarmUpNeverFinishes() {
        List<String> warnings = check("monotonic:ramp_steps=1000", 500, 50);
        assertHas(warnings, "the ramp is 1000 steps long but training has only 500");
        assertHas(warnings, "beta never reaches its maximum 1.0 in 500 optimizer steps");
    }

    @Test
    void rampThatEndsBeforeItsCycleDoesNotWarn() {
        // ratio=1 over a 20-step cycle tops out at 19/20 of max: 5% short, reported.
        List<String> warnings = check("cyclical:cycles=4,ratio=1", 80, 10);
        assertEquals(1, warnings.size(), warnings.toString());
        assertHas(warnings, "the highest value is 0.9500");
    }

    @Test
    void moreCyclesThanStepsWarns() {
        assertHas(check("cyclical:cycles=20", 10, 10), "20 cycles but training has only 10");
    }

    @Test
    void perEpochScheduleWithMoreCyclesThanEpochsWarns() {
        List<String> warnings = check("cyclical:cycles=8,ratio=0.5,update=epoch", 400, 100);
        assertHas(warnings, "8 cycles in 4 epochs");
        // Every epoch starts a cycle, so beta is held at its minimum all along.
        assertHas(warnings, "the highest value is 0.000");
    }

    @Test
    void perEpochScheduleWithOneCyclePerEpochIsHeldAtItsMinimum() {
        List<String> warnings = check("cyclical:cycles=10,ratio=0.5,update=epoch", 470, 47);
        assertEquals(1, warnings.size(), warnings.toString());
        assertHas(warnings, "beta never reaches its maximum 1.0");
    }

    @Test
    void sameCyclesUpdatedPerStepDoNotWarn() {
        assertEquals(List.of(), check("cyclical:cycles=8,ratio=0.5", 400, 100));
    }

    @Test
    void aComposedScheduleThatPassesItsStructureOnKeepsTheGuardRailsAndSettledEpochs() {
        BetaSchedule cycles = ScheduleSpec.parse("cyclical:cycles=10,ratio=0.5").pure().orElseThrow();
        // Scaled by 0.5 and held per epoch: a composition that passes its parts' structure on.
        BetaSchedule halved = cycles.scaled(0.5);
        BetaSchedule perEpoch = halved.heldPerEpoch();
        assertHas(ScheduleWarnings.check(perEpoch, 100, 20), "10 cycles in 5 epochs");
        boolean[] settled = SettledEpochs.of(halved, 10, 4);
        assertEquals(List.of(true, true, true, true), List.of(settled[0], settled[1], settled[2], settled[3]),
                "cycle ends fall in every epoch of 10 steps");
        BetaSchedule opaque = halved::beta;
        assertEquals(List.of(), ScheduleWarnings.check(opaque.heldPerEpoch(), 100, 20),
                "a plain function states no structure to check");
    }
}
