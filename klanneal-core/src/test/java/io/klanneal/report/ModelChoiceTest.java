package io.klanneal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.klanneal.report.ModelChoice.Verdict;
import org.junit.jupiter.api.Test;

class ModelChoiceTest {

    // Cyclical, 4 cycles over 10 epochs: cycles end in epochs 3, 5, 8 and 10.
    private static final boolean[] CYCLE_ENDS = {
        false, false, true, false, true, false, false, true, false, true
    };

    @Test
    void earlyStoppingIgnoresBetterResultsMeasuredDuringRamps() {
        ModelChoice choice = new ModelChoice(CYCLE_ENDS, 1);
        assertEquals(Verdict.NOT_SETTLED, choice.offer(1, 90), "mid-ramp, not compared");
        assertEquals(Verdict.NOT_SETTLED, choice.offer(2, 80));
        assertEquals(Verdict.BEST, choice.offer(3, 100));
        assertEquals(Verdict.NOT_SETTLED, choice.offer(4, 70), "better but mid-ramp: ignored");
        assertEquals(Verdict.STOP, choice.offer(5, 101), "first settled epoch without improvement");
        assertEquals(3, choice.bestEpoch());
        assertEquals(100, choice.best());
    }

    @Test
    void patienceCountsOnlySettledEpochsAndResetsOnImprovement() {
        ModelChoice choice = new ModelChoice(CYCLE_ENDS, 2);
        choice.offer(3, 100);
        assertEquals(Verdict.NOT_BETTER, choice.offer(5, 100), "equal is not better");
        assertEquals(Verdict.NOT_SETTLED, choice.offer(6, 200), "mid-ramp does not use patience");
        assertEquals(Verdict.BEST, choice.offer(8, 99));
        assertEquals(0, choice.withoutImprovement());
        assertEquals(Verdict.NOT_BETTER, choice.offer(10, 99.5));
    }

    @Test
    void withoutPatienceItNeverStops() {
        boolean[] all = {true, true, true, true};
        ModelChoice choice = new ModelChoice(all, 0);
        choice.offer(1, 10);
        for (int epoch = 2; epoch <= 4; epoch++) {
            assertEquals(Verdict.NOT_BETTER, choice.offer(epoch, 11));
        }
    }
}
