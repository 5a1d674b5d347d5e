package io.klanneal.report;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.train.EpochSummary;
import org.junit.jupiter.api.Test;

/** What one epoch must look like for the collapse alarm to count it. */
class CollapseAlarmTest {

    private static EpochSummary epoch(double... klPerDimension) {
        double total = java.util.Arrays.stream(klPerDimension).sum();
        EpochSummary.MeanTerms terms = new EpochSummary.MeanTerms(50, total, 50 + total, klPerDimension);
        return new EpochSummary(3, 1f, terms, terms, 1.0);
    }

    @Test
    void everyDimensionBelowAHundredthOfANatIsCollapsed() {
        assertTrue(CollapseAlarm.collapsed(epoch(0.001, 0.009, 0.0), null));
        assertFalse(CollapseAlarm.collapsed(epoch(0.001, 0.2, 0.0), null), "one used dimension is enough");
    }

    @Test
    void noActiveUnitIsCollapsedWhateverTheKl() {
        assertTrue(CollapseAlarm.collapsed(epoch(0.05, 0.05), 0.0));
        assertFalse(CollapseAlarm.collapsed(epoch(0.05, 0.05), 1.0));
    }
}
