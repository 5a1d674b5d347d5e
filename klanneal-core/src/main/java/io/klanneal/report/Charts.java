package io.klanneal.report;

import io.klanneal.io.AtomicFiles;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Charts written as PNG files, atomically. */
public final class Charts {

    /** How every chart's axes print numbers. */
    static final String DECIMALS = "#,##0.###";

    private Charts() {}

    /**
     * Returns an empty chart with titles and no markers.
     *
     * @param title the chart title
     * @param xTitle the x-axis title
     * @param yTitle the y-axis title
     * @return the chart
     */
    public static XYChart lineChart(String title, String xTitle, String yTitle) {
        XYChart chart =
                new XYChartBuilder()
                        .width(800)
                        .height(500)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setPlotGridLinesVisible(true);
        // Plain numbers: 12,000 steps, 0.05 (not ".05"), at most three decimals of a float's noise.
        chart.getStyler().setXAxisDecimalPattern(DECIMALS).setYAxisDecimalPattern(DECIMALS);
        return chart;
    }

    /**
     * Adds a series drawn as a line, with markers only when there are few points.
     *
     * @param chart the chart
     * @param name the legend entry
     * @param x the x values
     * @param y the y values
     * @return the series
     */
    public static XYSeries addLine(XYChart chart, String name, double[] x, double[] y) {
        XYSeries series = chart.addSeries(name, x, y);
        if (x.length > 50) {
            series.setMarker(SeriesMarkers.NONE);
        }
        return series;
    }

    /** The legend name of the point {@link #roundTicks} adds. */
    static final String OFF_GRID = "off-grid";

    /**
     * Makes the axes take round tick steps (0, 50, 100 ...). XChart puts ticks at the data's own
     * values when those are equally spaced, as optimizer steps and schedule values are: 23 crowded
     * labels at steps of 14. One invisible point off that grid, inside the data's range, turns it
     * off.
     *
     * @param chart the chart, with its data added
     * @param x the x values drawn
     * @param y the y values drawn
     */
    public static void roundTicks(XYChart chart, double[] x, double[] y) {
        if (x.length < 2) {
            return;
        }
        XYSeries point = chart.addSeries(OFF_GRID, new double[] {offGrid(x)}, new double[] {offGrid(y)});
        point.setMarker(SeriesMarkers.NONE);
        point.setLineStyle(SeriesLines.NONE);
        point.setShowInLegend(false);
    }

    // A value inside the range at an irrational fraction of it: on no grid the data lies on.
    private static double offGrid(double[] values) {
        double min = java.util.Arrays.stream(values).min().orElse(0);
        double max = java.util.Arrays.stream(values).max().orElse(0);
        return min + (max - min) * (Math.sqrt(2) - 1);
    }

    /**
     * Writes charts side by side into one PNG.
     *
     * @param file the PNG file
     * @param charts the panels, left to right
     * @throws IOException if writing fails
     */
    public static void writePng(Path file, Chart<?, ?>... charts) throws IOException {
        int width = 0;
        int height = 0;
        for (Chart<?, ?> chart : charts) {
            width += chart.getWidth();
            height = Math.max(height, chart.getHeight());
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        int x = 0;
        for (Chart<?, ?> chart : charts) {
            g.drawImage(BitmapEncoder.getBufferedImage(chart), x, 0, null);
            x += chart.getWidth();
        }
        g.dispose();
        AtomicFiles.write(file, out -> ImageIO.write(image, "png", out));
    }
}
