package io.klanneal.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.knowm.xchart.XYChart;

/** Charts come out sharp and, where asked, with one scale on both axes. */
class ChartsTest {

    @Test
    void pngsAreDrawnAtTwiceTheChartsSizeSideBySide() throws Exception {
        XYChart left = Charts.lineChart("a", "x", "y");
        XYChart right = Charts.lineChart("b", "x", "y");
        left.addSeries("s", new double[] {0, 1}, new double[] {0, 1});
        right.addSeries("s", new double[] {0, 1}, new double[] {1, 0});
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(Charts.png(left, right)));
        assertEquals(Charts.SCALE * (left.getWidth() + right.getWidth()), image.getWidth());
        assertEquals(Charts.SCALE * left.getHeight(), image.getHeight());
    }

    @Test
    void equalScalesMakeAUnitAsLongOnBothAxes() {
        XYChart chart = Charts.lineChart("wider than tall", "x", "y");
        chart.addSeries("s", new double[] {-1, 1}, new double[] {-1, 1});
        Charts.equalScales(chart, 4);
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        chart.paint(scratch.createGraphics(), chart.getWidth(), chart.getHeight());
        double perX = chart.getScreenXFromChart(1) - chart.getScreenXFromChart(0);
        double perY = chart.getScreenYFromChart(0) - chart.getScreenYFromChart(1);
        assertEquals(perX, perY, perX * 0.01, "pixels per unit, x and y");
        assertEquals(4.0, chart.getStyler().getYAxisMax(), 1e-9, "the shorter side keeps its span");
        assertEquals(-chart.getStyler().getXAxisMax(), chart.getStyler().getXAxisMin());
    }
}
