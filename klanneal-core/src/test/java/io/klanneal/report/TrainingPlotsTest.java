package io.klanneal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.awt.Color;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/** The run's plots tell the truth: absolute scales, readable ticks, one colour per quantity. */
class TrainingPlotsTest {

    // Two epochs of a nearly collapsed run: four dimensions with 0.005-0.2 nats each.
    private static TrainingHistory history() {
        TrainingHistory history = new TrainingHistory(0);
        List<EpochSummary> epochs = new ArrayList<>();
        for (int e = 1; e <= 2; e++) {
            double[] perDimension = {0.005, 0.02, 0.2, 0.009};
            EpochSummary.MeanTerms train = new EpochSummary.MeanTerms(90, 0.3, 90.3, null);
            EpochSummary.MeanTerms validation = new EpochSummary.MeanTerms(91, 0.234, 91.234, perDimension);
            epochs.add(new EpochSummary(e, 0.95f, train, validation, 1.0));
        }
        float[] betas = {0.05f, 0.95f, 0.95f, 1f};
        history.restore(new TrainingHistory.Snapshot(
                betas, new float[4], new float[4], new float[4], epochs, List.of(Map.of(), Map.of()), null));
        return history;
    }

    @Test
    void klHeatMapUsesAnAbsoluteScaleInNatsWithCollapsedDimensionsWhite() {
        HeatMapChart chart = TrainingPlots.klHeatMap(history());
        assertEquals(0, chart.getStyler().getMin());
        assertEquals(1.0, chart.getStyler().getMax(), "at least 1 nat, not the run's own 0.2");
        assertEquals("0.00", chart.getStyler().getHeatMapValueDecimalPattern());
        assertEquals("epoch (scale 0-1 nats; white: below 0.01, collapsed)", chart.getXAxisTitle());
        Map<Integer, Double> firstEpoch = new HashMap<>();
        for (Object cell : chart.getSeriesMap().get("KL").getHeatData()) {
            Number[] c = (Number[]) cell; // (epoch index, dimension, KL)
            if (c[0].intValue() == 0) {
                firstEpoch.put(c[1].intValue(), c[2].doubleValue());
            }
        }
        assertEquals(0.0, firstEpoch.get(0), "0.005 nats: below the threshold, drawn white");
        assertEquals(0.02, firstEpoch.get(1), 1e-12);
        assertEquals(0.0, firstEpoch.get(3), "0.009 nats");
    }

    @Test
    void klHeatMapOfALongRunShowsAtMostTwentyEpochsFirstAndLastIncluded() {
        TrainingHistory history = new TrainingHistory(0);
        List<EpochSummary> epochs = new ArrayList<>();
        for (int e = 1; e <= 45; e++) {
            EpochSummary.MeanTerms train = new EpochSummary.MeanTerms(90, 0.3, 90.3, null);
            EpochSummary.MeanTerms validation = new EpochSummary.MeanTerms(91, 0.2, 91.2, new double[] {0.1, e});
            epochs.add(new EpochSummary(e, 1f, train, validation, 1.0));
        }
        history.restore(new TrainingHistory.Snapshot(
                new float[] {1f}, new float[1], new float[1], new float[1], epochs,
                java.util.Collections.nCopies(45, Map.of()), null));
        HeatMapChart chart = TrainingPlots.klHeatMap(history);
        List<?> shown = chart.getSeriesMap().get("KL").getXData();
        assertEquals(TrainingPlots.HEAT_MAP_MAX_EPOCHS, shown.size());
        assertEquals(1, shown.get(0));
        assertEquals(45, shown.get(shown.size() - 1));
        assertTrue(chart.getSeriesMap().get("KL").getHeatData().stream()
                .anyMatch(c -> ((Number[]) c)[1].intValue() == 1 && ((Number[]) c)[2].doubleValue() == 45.0),
                "the last column holds the last epoch's numbers");
    }

    @Test
    void lossesGiveEachQuantityOneColourAndDashValidation() {
        XYChart[] panels = TrainingPlots.lossCharts(history());
        Map<String, XYSeries> series = new HashMap<>(panels[0].getSeriesMap());
        series.putAll(panels[1].getSeriesMap());
        assertEquals(TrainingPlots.ELBO, series.get("train -ELBO").getLineColor());
        assertEquals(TrainingPlots.KL, series.get("validation KL").getLineColor());
        assertNotEquals(series.get("train -ELBO").getLineColor(), series.get("validation KL").getLineColor());
        assertEquals(series.get("train KL").getLineColor(), series.get("validation KL").getLineColor());
        assertEquals(SeriesLines.SOLID, series.get("train KL").getLineStyle());
        assertEquals(SeriesLines.DASH_DASH, series.get("validation KL").getLineStyle());
        assertEquals(SeriesLines.DASH_DASH, series.get("validation -ELBO").getLineStyle());
        java.util.Set<Color> colours = new java.util.HashSet<>();
        series.values().forEach(s -> colours.add(s.getLineColor()));
        assertEquals(3, colours.size(), "reconstruction, -ELBO, KL");
    }

    @Test
    void betaTicksAreReadableNumbers() {
        XYChart[] panels = TrainingPlots.betaCharts(history());
        double[] beta = panels[0].getSeriesMap().get("beta").getYData();
        assertEquals(0.95, beta[1], 0.0, "0.95f drawn as 0.95, not 0.949999988079071");
        assertEquals("#,##0.###", panels[0].getStyler().getYAxisDecimalPattern(), "0.05, not .05");
        assertEquals("#,##0.###", panels[0].getStyler().getXAxisDecimalPattern(), "12,000");
        XYSeries offGrid = panels[0].getSeriesMap().get(Charts.OFF_GRID);
        assertTrue(offGrid != null && !offGrid.isShowInLegend(), "round tick steps, not one tick per 14 steps");
        assertTrue(panels[1].getSeriesMap().containsKey(Charts.OFF_GRID));
    }
}
