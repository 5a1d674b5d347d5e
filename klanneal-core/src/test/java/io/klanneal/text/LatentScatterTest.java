package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

/** The latent plot keeps its axes across epochs and shows where the prior is, round. */
class LatentScatterTest {

    @Test
    void axesAreFixedWithThePriorsCirclesAndTheOrigin() {
        float[][] collapsed = {{0.01f, -0.02f}, {0.0f, 0.01f}};
        float[][] spread = {{2.5f, -1f}, {-9f, 3f}};
        XYChart first = LatentScatterListener.scatter(3, collapsed, i -> i);
        for (float[][] means : new float[][][] {collapsed, spread}) {
            XYChart chart = LatentScatterListener.scatter(3, means, i -> i);
            assertEquals(first.getStyler().getXAxisMax(), chart.getStyler().getXAxisMax(), "the same axes in every plot");
            assertEquals(first.getStyler().getYAxisMax(), chart.getStyler().getYAxisMax());
            assertEquals(-chart.getStyler().getXAxisMax(), chart.getStyler().getXAxisMin());
            assertEquals(-chart.getStyler().getYAxisMax(), chart.getStyler().getYAxisMin());
            assertEquals(4.0, Math.min(chart.getStyler().getXAxisMax(), chart.getStyler().getYAxisMax()), 1e-9,
                    "at least the prior's 4 sd each way");
            XYSeries one = chart.getSeriesMap().get("prior 1 sd");
            XYSeries two = chart.getSeriesMap().get("prior 2 sd");
            assertEquals(1.0, Math.hypot(one.getXData()[17], one.getYData()[17]), 1e-9);
            assertEquals(2.0, Math.hypot(two.getXData()[42], two.getYData()[42]), 1e-9);
            assertEquals(0.0, chart.getSeriesMap().get("origin").getXData()[0]);
        }
        XYChart spreadChart = LatentScatterListener.scatter(3, spread, i -> i);
        assertEquals(-4.0, spreadChart.getSeriesMap().get("sequence 1").getXData()[0], "beyond the axes: on the border");
        assertTrue(spreadChart.getSeriesMap().containsKey("sequence 0"));
    }
}
