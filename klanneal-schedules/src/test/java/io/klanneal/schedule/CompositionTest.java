package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code then}, {@code scaled} and {@code clamped}, from Java and from spec text. */
class CompositionTest {

    private static double beta(FeedbackSchedule s, long step, long total, long perEpoch) {
        return s.beta(FeedbackState.NONE, new Progress(step, total, perEpoch));
    }

    @Test
    void thenSwitchesExactlyAtItsBoundaryAndTheSecondCountsFromZero() {
        BetaSchedule warmUp = BetaSchedule.ofFraction(f -> f); // 0 -> 1 over its own segment
        BetaSchedule second = p -> 10 + p.step();
        BetaSchedule joined = warmUp.then(Boundary.steps(4), second);
        assertEquals(0.75, beta(joined, 3, 10, 1), 1e-12, "the warm-up sees 4 steps as its run");
        assertEquals(10.0, beta(joined, 4, 10, 1), "step 4 is the second's step 0");
        assertEquals(15.0, beta(joined, 9, 10, 1));
        BetaSchedule byEpochs = warmUp.then(Boundary.epochs(2), second);
        assertEquals(0.5, beta(byEpochs, 5, 30, 5), 1e-12, "2 epochs of 5 steps: a 10-step warm-up");
        assertEquals(10.0, beta(byEpochs, 10, 30, 5));
    }

    @Test
    void aSpecJoinsWarmUpAndCyclesWithTheirStructure() {
        ScheduleSpec spec = ScheduleSpec.parse("monotonic:ratio=1 then@2e cyclical:cycles=2,ratio=0.5");
        BetaSchedule s = spec.pure().orElseThrow();
        assertEquals(0.5, beta(s, 10, 60, 10), 1e-12);
        assertEquals(0.0, beta(s, 20, 60, 10), "the first cycle starts at the boundary");
        Structure structure = s.structure(60, 10);
        assertEquals(3, structure.cycles().size());
        assertEquals(20, structure.cycles().get(1).start());
        assertEquals(40, structure.cycles().get(2).start());
        assertArrayEquals(new boolean[] {false, true, false, true, false, true}, SettledEpochs.of(s, 10, 6));
        assertEquals(spec.toString(), ScheduleSpec.parse(spec.toString()).toString(), "canonical text round-trips");
    }

    @Test
    void scaleAndClampApplyToAnySchedule() {
        ScheduleSpec spec = ScheduleSpec.parse("monotonic:ratio=1,scale=0.5,clamp=0.1..0.3");
        BetaSchedule s = spec.pure().orElseThrow();
        assertEquals(0.1, beta(s, 0, 10, 1), 1e-12);
        assertEquals(0.2, beta(s, 4, 10, 1), 1e-12);
        assertEquals(0.3, beta(s, 9, 10, 1), 1e-12);
        assertEquals(0.3, s.structure(10, 1).betaMax(), 1e-12);
    }

    @Test
    void aWarmUpThenAControllerIsAFeedbackScheduleWhoseControllerStartsFresh() {
        ScheduleSpec spec = ScheduleSpec.parse("monotonic:ratio=1,max=0.5 then@10 control:target=3");
        assertFalse(spec.pure().isPresent(), "a controller part cannot be plotted without a run");
        FeedbackSchedule s = spec.schedule();
        FeedbackState state = s.start();
        for (long step = 0; step < 10; step++) {
            state = s.observe(state, Progress.ofSteps(step, 100), 50);
        }
        assertEquals(0.0, s.beta(state, Progress.ofSteps(10, 100)), "the controller starts at its min");
        assertTrue(Double.isNaN(KlController.Memory.of(state.part(1)).averageKl()), "with its own, empty average");
        Structure structure = s.structure(100, 10);
        assertEquals(10, structure.feedbackFrom());
        assertArrayEquals(new boolean[] {false, true, true, true, true, true, true, true, true, true},
                SettledEpochs.of(s, 10, 10));
    }

    @Test
    void boundariesMustIncreaseAndShareAUnit() {
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScheduleSpec.parse("constant:beta=0 then@2e constant then@100 cyclical"))
                .getMessage().contains("mix steps and epochs"));
        assertTrue(org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> ScheduleSpec.parse("control"))
                .getMessage().contains("control:target=3"));
    }
}
