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
        assertEquals("cyclical:cycles=4,ratio=0.5,min=0.0,max=1.0,shape=cosine,update=step", spec.toString());
        Structure structure = spec.schedule().structure(40, 1);
        assertEquals(4, structure.cycles().size());
        assertEquals(new Structure.Cycle(10, 20, 5.0), structure.cycles().get(1), "ratio 0.5 of 10 steps");
        assertEquals(0.0, structure.betaMin());
        assertEquals(1.0, structure.betaMax());
        assertFalse(structure.perEpoch());
        assertEquals(0.5 - 0.5 * Math.cos(Math.PI * 0.4), spec.pure().orElseThrow().beta(Progress.ofSteps(2, 40)), 1e-12);
    }

    @Test
    void constantDefaultsToThePlainVae() {
        assertEquals(1.0, ScheduleSpec.parse("constant").pure().orElseThrow().beta(Progress.ofSteps(3, 10)));
        assertEquals(
                0.5, ScheduleSpec.parse("constant:beta=0.5").pure().orElseThrow().beta(Progress.ofSteps(3, 10)));
    }

    @Test
    void monotonicIsOneCycleAndPrintsAsMonotonic() {
        ScheduleSpec spec = ScheduleSpec.parse("monotonic:ratio=0.5");
        assertEquals(1, spec.schedule().structure(10, 1).cycles().size());
        assertEquals(0.4, spec.pure().orElseThrow().beta(Progress.ofSteps(2, 10)), 1e-12);
        assertTrue(spec.toString().startsWith("monotonic:ratio=0.5"), spec.toString());
    }

    @Test
    void canonicalTextParsesBackToTheSameSchedule() {
        ScheduleSpec spec = ScheduleSpec.parse("CYCLICAL:cycles=3,shape=Sigmoid,update=epoch");
        ScheduleSpec again = ScheduleSpec.parse(spec.toString());
        assertEquals(spec.toString(), again.toString());
        assertTrue(again.schedule().structure(30, 1).perEpoch());
        for (long step = 0; step < 30; step++) {
            Progress p = new Progress(step, 30, 5);
            assertEquals(spec.pure().orElseThrow().beta(p), again.pure().orElseThrow().beta(p));
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
                "monotonic:min=0.8,max=0.2         | min must not exceed max, got min=0.8",
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
        assertEquals(100.0, spec.schedule().structure(1000, 1).longestRamp());
        assertEquals("monotonic:ramp_steps=100,min=0.0,max=1.0,shape=linear,update=step", spec.toString());
        assertEquals(0.25, spec.pure().orElseThrow().beta(Progress.ofSteps(25, 1000)), 1e-12);
        assertEquals(spec.toString(), ScheduleSpec.parse(spec.toString()).toString());
    }

    @ParameterizedTest
    @CsvSource({
        "constant",
        "constant:beta=0.25",
        "monotonic:ratio=0.3,shape=cosine",
        "monotonic:ramp_steps=7,min=0.1,max=0.9,update=epoch",
        "cyclical",
        "cyclical:cycles=3,ratio=1,shape=sigmoid",
    })
    void canonicalTextComesFromTheParsedFormAndRoundTrips(String text) {
        ScheduleSpec spec = ScheduleSpec.parse(text);
        assertEquals(spec.toString(), ScheduleSpec.parse(spec.toString()).toString());
        assertTrue(spec.toString().startsWith(text.split(":")[0] + ":"), spec.toString());
        for (long step = 0; step < 20; step++) {
            Progress p = new Progress(step, 20, 4);
            assertEquals(spec.pure().orElseThrow().beta(p), ScheduleSpec.parse(spec.toString()).pure().orElseThrow().beta(p));
        }
    }

    @Test
    void emptySpecIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> ScheduleSpec.parse(" "));
    }
}
