package io.klanneal.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScheduleSpecTest {

    @Test
    void parsesEveryKeyOfACyclicalSpec() {
        ScheduleSpec spec = ScheduleSpec.parse("cyclical:cycles=4,ratio=0.5,shape=cosine,max=1.0");
        CyclicalSchedule c = spec.cyclical();
        assertEquals(4, c.cycles());
        assertEquals(0.5, c.ratio());
        assertEquals(Ramp.COSINE, c.ramp());
        assertEquals(0.0, c.betaMin());
        assertEquals(1.0, c.betaMax());
        assertFalse(spec.perEpoch());
    }

    @Test
    void constantDefaultsToThePlainVae() {
        assertEquals(1.0, ScheduleSpec.parse("constant").schedule().beta(Progress.ofSteps(3, 10)));
        assertEquals(
                0.5, ScheduleSpec.parse("constant:beta=0.5").schedule().beta(Progress.ofSteps(3, 10)));
    }

    @Test
    void monotonicIsOneCycleAndPrintsAsMonotonic() {
        ScheduleSpec spec = ScheduleSpec.parse("monotonic:ratio=0.5");
        assertEquals(1, spec.cyclical().cycles());
        assertEquals(0.4, spec.schedule().beta(Progress.ofSteps(2, 10)), 1e-12);
        assertTrue(spec.toString().startsWith("monotonic:ratio=0.5"), spec.toString());
    }

    @Test
    void canonicalTextParsesBackToTheSameSchedule() {
        ScheduleSpec spec = ScheduleSpec.parse("CYCLICAL:cycles=3,shape=Sigmoid,update=epoch");
        ScheduleSpec again = ScheduleSpec.parse(spec.toString());
        assertEquals(spec.toString(), again.toString());
        assertTrue(again.perEpoch());
        for (long step = 0; step < 30; step++) {
            Progress p = new Progress(step, 30, 5);
            assertEquals(spec.schedule().beta(p), again.schedule().beta(p));
        }
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "linear:ratio=0.5                  | unknown schedule 'linear'",
                "cyclical:cycles=4,period=3        | unknown key 'period'",
                "cyclical:cycles=-1                | cycles must be at least 1",
                "cyclical:cycles=0                 | cycles must be at least 1",
                "cyclical:cycles=two               | key 'cycles' must be a whole number",
                "cyclical:ratio=0                  | ratio must be in (0, 1]",
                "cyclical:ratio=1.5                | ratio must be in (0, 1]",
                "monotonic:ratio=NaN               | key 'ratio' must be a finite number",
                "monotonic:min=0.8,max=0.2         | min (betaMin) must not exceed max",
                "constant:beta=-1                  | beta must be a finite number >= 0",
                "constant:beta=NaN                 | key 'beta' must be a finite number",
                "cyclical:shape=square             | unknown ramp shape 'square'",
                "cyclical:update=batch             | key 'update' must be 'step' or 'epoch'",
                "cyclical:cycles=2,cycles=3        | key 'cycles' is given twice",
                "cyclical:cycles                   | 'cycles' is not KEY=VALUE",
                "cyclical:cycles=                  | key 'cycles' has no value",
                "monotonic:ramp_steps=-5           | ramp_steps must be at least 1",
                "monotonic:ramp_steps=2.5          | key 'ramp_steps' must be a whole number",
                "monotonic:ratio=0.5,ramp_steps=9  | either 'ratio'",
                "cyclical:cycles=99999999999       | key 'cycles' is too large",
            })
    void badSpecsNameWhatIsWrong(String spec, String expected) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse(spec));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains("schedule spec '" + spec + "'"), e.getMessage());
    }

    @Test
    void rampStepsReplaceTheRatioAndSurviveTheRoundTrip() {
        ScheduleSpec spec = ScheduleSpec.parse("monotonic:ramp_steps=100");
        assertEquals(100, spec.cyclical().rampSteps());
        assertEquals("monotonic:ramp_steps=100,min=0.0,max=1.0,shape=linear,update=step", spec.toString());
        assertEquals(0.25, spec.schedule().beta(Progress.ofSteps(25, 1000)), 1e-12);
        assertEquals(spec.toString(), ScheduleSpec.parse(spec.toString()).toString());
    }

    @Test
    void emptySpecIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse(" "));
    }
}
