package io.klanneal.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.junit.jupiter.api.Test;

/** The latent plot keeps its axes across epochs and shows where the prior is. */
class LatentScatterTest {

    @Test
    void axesAreFixedWithThePriorsCirclesAndTheOrigin() {
        float[][] collapsed = {{0.01f, -0.02f}, {0.0f, 0.01f}};
        float[][] spread = {{2.5f, -1f}, {-9f, 3f}};
        for (float[][] means : new float[][][] {collapsed, spread}) {
            XYChart chart = LatentScatterListener.scatter(3, means, i -> i);
            assertEquals(-4.0, chart.getStyler().getXAxisMin());
            assertEquals(4.0, chart.getStyler().getXAxisMax());
            assertEquals(-4.0, chart.getStyler().getYAxisMin());
            assertEquals(4.0, chart.getStyler().getYAxisMax());
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
