package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BetaScheduleTest {

    @Test
    void constantIgnoresProgress() {
        BetaSchedule s = BetaSchedule.constant(0.3);
        assertEquals(0.3, s.beta(Progress.ofSteps(0, 10)));
        assertEquals(0.3, s.beta(Progress.ofSteps(9, 10)));
    }

    @Test
    void constantRejectsNegativeAndNaN() {
        assertThrows(IllegalArgumentException.class, () -> BetaSchedule.constant(-1));
        assertThrows(IllegalArgumentException.class, () -> BetaSchedule.constant(Double.NaN));
    }

    @Test
    void ofFractionSeesTheFractionOfTrainingDone() {
        BetaSchedule s = BetaSchedule.ofFraction(f -> f * f);
        assertEquals(0.0, s.beta(Progress.ofSteps(0, 4)));
        assertEquals(0.25, s.beta(Progress.ofSteps(2, 4)));
        assertEquals(0.5625, s.beta(Progress.ofSteps(3, 4)));
    }

    @Test
    void aLambdaIsASchedule() {
        BetaSchedule everyOtherEpoch = p -> p.epoch() % 2 == 0 ? 0.0 : 1.0;
        assertEquals(1.0, everyOtherEpoch.beta(new Progress(15, 40, 10)));
        assertEquals(0.0, everyOtherEpoch.beta(new Progress(25, 40, 10)));
    }

    @Test
    void progressRejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> Progress.ofSteps(0, 0));
        assertThrows(IllegalArgumentException.class, () -> Progress.ofSteps(-1, 10));
        assertThrows(IllegalArgumentException.class, () -> new Progress(0, 10, 0));
    }
}
