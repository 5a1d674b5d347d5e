package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.compare.ComparisonAnswer.Group;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The comparison's answer in words, on the cases a reader meets. */
class ComparisonAnswerTest {

    private static final double NAN = Double.NaN;

    private static Group group(String name, int runs, int finished, int collapsed, double elbo, double elboSd,
            double kl, double au, double mi) {
        return recovered(name, runs, finished, collapsed, 0, elbo, elboSd, kl, au, mi);
    }

    private static Group recovered(String name, int runs, int finished, int collapsed, int recovered, double elbo,
            double elboSd, double kl, double au, double mi) {
        return new Group(name, runs, finished, collapsed, recovered, new double[] {elbo, elboSd},
                new double[] {kl, NAN}, new double[] {au, NAN}, new double[] {mi, NAN});
    }

    @Test
    void aScheduleWhoseAlarmFiredEarlyButKeptInformationRecoveredAndIsNotCalledCollapsed() {
        // The PTB comparison: cyclical's alarm fires in its first cycle, and it ends with 10.7 units.
        String answer = ComparisonAnswer.paragraph(List.of(
                recovered("constant:beta=1", 3, 3, 2, 1, 116.70, 0.25, 0.04, 0.7, 0.04),
                recovered("monotonic", 3, 3, 0, 0, 116.76, 0.26, 0.20, 12, 0.18),
                recovered("cyclical", 3, 3, 0, 3, 116.74, 0.23, 0.17, 10.7, 0.15)));
        assertTrue(answer.startsWith("On this data `constant:beta=1` in 2 of 3 runs (KL 0.04, 0.7 active units,"
                + " MI 0.04 nats) collapsed"), answer);
        assertTrue(answer.contains("`constant:beta=1` recovered from an early collapse (the alarm fired in 1 of 3 runs"), answer);
        assertTrue(answer.contains("`cyclical` recovered from an early collapse (the alarm fired in 3 of 3 runs,"
                + " yet z carried information at the chosen epoch)."), answer);
        assertTrue(answer.contains("`monotonic` kept the most information in z (KL 0.20, 12 active units, MI 0.18 nats);"
                + " then `cyclical` (KL 0.17"), answer);
    }

    @Test
    void aCollapsedScheduleAndAHealthyOneWithOneSeedEach() {
        String answer = ComparisonAnswer.paragraph(List.of(
                group("constant:beta=1", 1, 1, 1, 116.74, NAN, 0.01, 0, 0.04),
                group("cyclical", 1, 1, 0, 116.70, NAN, 4.2, 11, 0.15)));
        assertEquals("On this data `constant:beta=1` (KL 0.01, 0 active units, MI 0.04 nats) collapsed"
                + " (the collapse alarm fired: the decoder ignored z). `cyclical` kept the most information in z"
                + " (KL 4.20, 11 active units, MI 0.15 nats). `cyclical` has the lowest held-out -ELBO (116.70 nats);"
                + " `constant:beta=1` 0.04 more. With one seed per schedule no spread is known: run --seeds 1,2,3"
                + " to tell a difference from noise.", answer);
    }

    @Test
    void oneActiveUnitIsSingular() {
        String answer = ComparisonAnswer.paragraph(List.of(
                group("constant", 1, 1, 0, 35.89, NAN, 0.06, 1, 0.03),
                group("cyclical", 1, 1, 0, 36.00, NAN, 0.08, 1, 0.03)));
        assertTrue(answer.contains("(KL 0.08, 1 active unit, MI 0.03 nats)"), answer);
    }

    @Test
    void aDifferenceNoLargerThanTheSpreadOverSeedsIsWithinNoise() {
        String answer = ComparisonAnswer.paragraph(List.of(
                group("monotonic", 3, 3, 0, 100.0, 0.5, 3, 10.7, 0.2),
                group("cyclical", 3, 3, 0, 100.3, 0.4, 3, 10, 0.2),
                group("constant:beta=1", 3, 3, 0, 102.0, 0.3, 1, 2, 0.1)));
        assertTrue(answer.startsWith("On this data no schedule collapsed by the collapse alarm's rule. `monotonic` kept the"
                + " most information in z (KL 3.00, 10.7 active units, MI 0.20 nats); then `cyclical`"), answer);
        assertTrue(answer.contains("`cyclical` 0.30 more (within noise), `constant:beta=1` 2.00 more (more than the spread over seeds)."), answer);
        assertTrue(!answer.contains("no spread is known"), answer);
    }

    @Test
    void aFailedRunIsNamedAndAScheduleWithNoFinishedRunIsLeftOut() {
        String answer = ComparisonAnswer.paragraph(List.of(
                group("cyclical", 2, 1, 0, 50.0, NAN, 2, 5, 0.3),
                group("monotonic", 1, 0, 0, NAN, NAN, NAN, NAN, NAN)));
        assertTrue(answer.startsWith("1 of 2 runs of `cyclical` did not finish (see the runs table). 1 of 1 runs of"
                + " `monotonic` did not finish"), answer);
        assertTrue(!answer.contains("lowest held-out"), "one schedule finished: nothing to compare it with: " + answer);
        assertEquals("No run finished, so there is nothing to compare.",
                ComparisonAnswer.paragraph(List.of(group("monotonic", 1, 0, 0, NAN, NAN, NAN, NAN, NAN))).lines()
                        .findFirst().orElseThrow().replaceFirst("^1 of 1 runs of `monotonic` did not finish \\(see the runs table\\)\\. ", ""));
    }
}
