package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The PI controller's response to a synthetic KL signal. */
class KlControllerTest {

    private static final KlController CONTROL = new KlController(3, 0.01, 0.001, 0, 1, 1.0, 0);
    private static final Progress STEP = Progress.ofSteps(0, 1000);

    private static KlController.Memory memory(FeedbackState state) {
        return KlController.Memory.of(state);
    }

    private static FeedbackState run(FeedbackState state, double kl, int steps) {
        for (int i = 0; i < steps; i++) {
            state = CONTROL.observe(state, STEP, kl);
        }
        return state;
    }

    @Test
    void betaStartsAtItsMinimum() {
        assertEquals(0.0, CONTROL.beta(CONTROL.start(), STEP));
    }

    @Test
    void betaRisesWhileTheKlIsAboveTargetAndFallsWhileBelow() {
        FeedbackState high = run(CONTROL.start(), 8, 50);
        FeedbackState higher = run(high, 8, 50);
        assertTrue(memory(higher).beta() > memory(high).beta() && memory(high).beta() > 0, high + " then " + higher);
        FeedbackState lower = run(higher, 1, 20);
        assertTrue(memory(lower).beta() < memory(higher).beta(), higher + " then " + lower);
    }

    @Test
    void noWindUpWhileClampedBetaLeavesTheBoundWithinAFewStepsOfTheErrorChangingSign() {
        // Far too little KL for a long time: beta sits at 0 and the integral must not keep falling.
        FeedbackState starved = run(CONTROL.start(), 0, 10_000);
        assertTrue(memory(starved).beta() < 0.001, "at the bound but for the P term: " + starved);
        FeedbackState after = starved;
        int steps = 0;
        while (memory(after).beta() < 0.005 && steps < 100) {
            after = CONTROL.observe(after, STEP, 4);
            steps++;
        }
        assertTrue(steps <= 3, "left the lower bound after " + steps + " steps");
        // And the same at the top: too much KL pins beta at 1, then a low KL pulls it down at once.
        FeedbackState flooded = run(CONTROL.start(), 500, 10_000);
        assertEquals(1.0, memory(flooded).beta());
        FeedbackState down = CONTROL.observe(CONTROL.observe(flooded, STEP, 2), STEP, 2);
        assertTrue(memory(down).beta() < 1.0, down.toString());
    }

    @Test
    void theKlIsSmoothedBeforeItIsCompared() {
        KlController smooth = new KlController(3, 0.01, 0.001, 0, 1, 0.1, 0);
        FeedbackState first = smooth.observe(smooth.start(), STEP, 10);
        assertEquals(10.0, memory(first).averageKl(), 1e-12, "the first batch starts the average");
        assertEquals(9.0, memory(smooth.observe(first, STEP, 0)).averageKl(), 1e-12);
    }

    @Test
    void theTargetMayRampUpOverPartOfTheRun() {
        KlController ramped = new KlController(4, 0.01, 0.001, 0, 1, 1, 0.5);
        assertEquals(0.0, ramped.targetAt(Progress.ofSteps(0, 100)));
        assertEquals(2.0, ramped.targetAt(Progress.ofSteps(25, 100)), 1e-12);
        assertEquals(4.0, ramped.targetAt(Progress.ofSteps(80, 100)), 1e-12);
    }

    @Test
    void badGainsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new KlController(3, -1, 0, 0, 1, 0.1, 0));
        assertThrows(IllegalArgumentException.class, () -> new KlController(3, 0, 0, 0, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new KlController(3, 0, 0, 1, 0.5, 0.1, 0));
    }
}
