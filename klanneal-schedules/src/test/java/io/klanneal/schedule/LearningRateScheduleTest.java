package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {

    // 4 epochs of 10 steps.
    private static final Progress RUN = new Progress(0, 40, 10);
    private static final Structure NO_CYCLES = Structure.unknown();
    private static final double[] NO_EPOCHS = {};

    private static double at(LearningRateSchedule schedule, long step) {
        return schedule.factor(step, RUN, NO_CYCLES, NO_EPOCHS);
    }

    @Test
    void specsAreSpelledOutWithTheirDefaults() {
        assertEquals("constant", LearningRateSchedule.parse("constant").toString());
        assertEquals("warmup:length=1e", LearningRateSchedule.parse("warmup").toString());
        assertEquals("cosine:min=0.0,restart=none", LearningRateSchedule.parse("cosine").toString());
        assertEquals("step:every=1e,factor=0.5", LearningRateSchedule.parse("step").toString());
        assertEquals("plateau:factor=0.5,patience=5,decays=5", LearningRateSchedule.parse("plateau").toString());
        assertEquals(LearningRateSchedule.parse("cosine:restart=cycle,min=0.1"),
                LearningRateSchedule.parse("cosine:min=0.1,restart=cycle"));
    }

    @Test
    void aWrongSpecIsRefusedInOneLineNamingWhatIsAllowed() {
        for (String[] bad : new String[][] {
            {"linear", "unknown learning-rate schedule 'linear'; expected one of [constant, warmup, cosine, step, plateau]"},
            {"cosine:min=2", "key 'min' is a fraction of the base rate, 0 to 1; got 2.0"},
            {"cosine:restart=epoch", "key 'restart' must be 'none' or 'cycle', got 'epoch'"},
            {"step:factor=1", "key 'factor' must be between 0 and 1 (a decay), got 1.0"},
            {"step:every=x", "'x' is not a boundary; write 500 (steps) or 2e (epochs)"},
            {"plateau:patience=0", "key 'patience' must be at least 1 and 'decays' at least 0; got 0 and 5"},
            {"plateau:cycles=2", "unknown key 'cycles' for plateau; allowed keys: [decays, factor, patience]"},
            {"warmup:length=0", "key 'length' must be at least 1 step or epoch"},
        }) {
            IllegalArgumentException e =
                    assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.parse(bad[0]), bad[0]);
            assertEquals("learning-rate schedule spec '" + bad[0] + "': " + bad[1], e.getMessage());
        }
    }

    @Test
    void warmupRisesLinearlyToTheBaseRateAndStays() {
        LearningRateSchedule warmup = LearningRateSchedule.parse("warmup:length=4");
        assertEquals(0.25, at(warmup, 0));
        assertEquals(0.75, at(warmup, 2));
        assertEquals(1.0, at(warmup, 3));
        assertEquals(1.0, at(warmup, 39));
    }

    @Test
    void cosineFallsFromTheBaseRateToItsMinimumOverTheRun() {
        LearningRateSchedule cosine = LearningRateSchedule.parse("cosine:min=0.1");
        assertEquals(1.0, at(cosine, 0), 1e-12);
        assertEquals(0.55, at(cosine, 20), 1e-12);
        assertTrue(at(cosine, 39) > 0.1 && at(cosine, 39) < 0.102, String.valueOf(at(cosine, 39)));
    }

    @Test
    void aCosineRestartFallsOnEachBetaCyclesFirstStep() {
        CyclicalSchedule beta = CyclicalSchedule.builder().setCycles(4).optRatio(0.5).build();
        Structure cycles = beta.structure(RUN.totalSteps(), RUN.stepsPerEpoch());
        LearningRateSchedule perCycle = LearningRateSchedule.parse("cosine:restart=cycle");
        perCycle.check(cycles);
        for (Structure.Cycle cycle : cycles.cycles()) {
            assertEquals(1.0, perCycle.factor(cycle.start(), RUN, cycles, NO_EPOCHS), 1e-12, "restart at " + cycle);
            double last = perCycle.factor(cycle.end() - 1, RUN, cycles, NO_EPOCHS);
            assertTrue(last < 0.03, "the cycle's last step is near the minimum: " + last);
            assertTrue(perCycle.factor(cycle.start() + 1, RUN, cycles, NO_EPOCHS) < 1.0, "falls within the cycle");
        }
        assertEquals(4, cycles.cycles().size());
        assertThrows(IllegalArgumentException.class, () -> perCycle.check(NO_CYCLES));
    }

    @Test
    void stepDecayMultipliesByItsFactorEverySoManyEpochs() {
        LearningRateSchedule step = LearningRateSchedule.parse("step:every=1e,factor=0.5");
        assertEquals(1.0, at(step, 9));
        assertEquals(0.5, at(step, 10));
        assertEquals(0.125, at(step, 39));
    }

    @Test
    void plateauHalvesExactlyAfterPatienceEpochsWithoutImprovementAndStopsAfterItsDecays() {
        LearningRateSchedule plateau = LearningRateSchedule.parse("plateau:factor=0.5,patience=2,decays=2");
        assertEquals(0, plateau.decaysAfter(new double[] {5, 4, 3}));
        assertEquals(0, plateau.decaysAfter(new double[] {5, 4, 4.5}), "one epoch without improvement");
        assertEquals(1, plateau.decaysAfter(new double[] {5, 4, 4.5, 4}), "two: equal is no improvement");
        assertEquals(1, plateau.decaysAfter(new double[] {5, 4, 4.5, 4, 4.2}), "the count starts again after a decay");
        assertEquals(2, plateau.decaysAfter(new double[] {5, 4, 4.5, 4, 4.2, 4.1}));
        assertEquals(2, plateau.decaysAfter(new double[] {5, 4, 4.5, 4, 4.2, 4.1, 6, 6, 6, 6}), "at most 2 decays");
        assertEquals(1, plateau.decaysAfter(new double[] {5, 4, 4.5, 4, 3, 3.5}), "an improvement resets the count");
        assertEquals(0.25, plateau.factor(39, RUN, NO_CYCLES, new double[] {5, 4, 4.5, 4, 4.2, 4.1}));
        assertEquals(0, LearningRateSchedule.parse("cosine").decaysAfter(new double[] {1, 2, 3}));
    }
}
