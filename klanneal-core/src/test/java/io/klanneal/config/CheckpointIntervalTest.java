package io.klanneal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** --checkpoint-every: steps, a time, both, or epochs only; written back as it was given. */
class CheckpointIntervalTest {

    @Test
    void stepsTimesAndBothParseAndPrintBack() {
        assertEquals(new CheckpointInterval(500, Duration.ZERO), CheckpointInterval.parse("500"));
        assertEquals(new CheckpointInterval(0, Duration.ofMinutes(10)), CheckpointInterval.parse("10m"));
        assertEquals(new CheckpointInterval(500, Duration.ofSeconds(30)), CheckpointInterval.parse("500,30s"));
        assertEquals(CheckpointInterval.EPOCHS_ONLY, CheckpointInterval.parse("0"));
        for (String text : new String[] {"500", "10m", "2h", "30s", "500,10m", "0"}) {
            assertEquals(text, CheckpointInterval.parse(text).toString());
        }
    }

    @Test
    void dueEveryNStepsOrOnceTheTimeHasPassed() {
        CheckpointInterval both = CheckpointInterval.parse("3,1m");
        assertTrue(both.due(6, 0));
        assertFalse(both.due(7, Duration.ofSeconds(59).toNanos()));
        assertTrue(both.due(7, Duration.ofMinutes(1).toNanos()));
        assertFalse(CheckpointInterval.EPOCHS_ONLY.due(6, Long.MAX_VALUE));
    }

    @Test
    void anythingElseIsRefusedSayingWhatIsExpected() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> CheckpointInterval.parse("10 minutes"));
        assertEquals("expected optimizer steps (500), a time (30s, 10m, 2h), both (500,10m) or 0, got '10 minutes'",
                e.getMessage());
    }
}
