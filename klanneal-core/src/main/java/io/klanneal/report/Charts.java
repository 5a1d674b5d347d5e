package io.klanneal.report;

import io.klanneal.io.AtomicFiles;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.Chart;
import org.knowm.xchart.style.AxesChartStyler;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Charts written as PNG files, atomically: drawn at {@link #SCALE} times their size, so that they
 * stay sharp on a dense screen or scaled by a page, with labels that read at their size (12 px and
 * up) on white, and the legend below the plot rather than beside it.
 */
public final class Charts {

    /** Image pixels per chart pixel. */
    public static final int SCALE = 2;

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
                        .width(560)
                        .height(400)
                        .title(title)
                        .xAxisTitle(xTitle)
                        .yAxisTitle(yTitle)
                        .build();
        style(chart.getStyler());
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS)
                .setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setPlotGridLinesVisible(true);
        // Plain numbers: 12,000 steps, 0.05 (not ".05"), at most three decimals of a float's noise.
        chart.getStyler().setXAxisDecimalPattern(DECIMALS).setYAxisDecimalPattern(DECIMALS);
        return chart;
    }

    /**
     * Styles a chart for reading at its own size: white, 12-15 px text, no box around the legend.
     *
     * @param styler the chart's styler
     */
    public static void style(AxesChartStyler styler) {
        styler.setChartBackgroundColor(Color.WHITE)
                .setChartTitleFont(new Font(Font.SANS_SERIF, Font.BOLD, 15))
                .setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12))
                .setLegendBorderColor(Color.WHITE)
                .setChartTitleBoxVisible(false);
        styler.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13))
                .setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    }

    /**
     * Widens one axis of a chart whose axes span [-extent, extent] so that a unit is as long on
     * the x axis as on the y axis: circles drawn in data units come out round.
     *
     * @param chart the chart, with its data added
     * @param extent the half-width of both axes' span before widening
     */
    public static void equalScales(XYChart chart, double extent) {
        double x = extent;
        double y = extent;
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        // Twice: the widened axis's tick labels can move the plot's edge a little.
        for (int pass = 0; pass < 2; pass++) {
            Graphics2D g = scratch.createGraphics();
            chart.paint(g, chart.getWidth(), chart.getHeight());
            g.dispose();
            double perX = Math.abs(chart.getScreenXFromChart(x) - chart.getScreenXFromChart(-x)) / (2 * x);
            double perY = Math.abs(chart.getScreenYFromChart(y) - chart.getScreenYFromChart(-y)) / (2 * y);
            if (perX > perY) {
                x *= perX / perY;
            } else {
                y *= perY / perX;
            }
            chart.getStyler().setXAxisMin(-x).setXAxisMax(x).setYAxisMin(-y).setYAxisMax(y);
        }
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
        byte[] png = png(charts);
        AtomicFiles.write(file, out -> out.write(png));
    }

    /**
     * Returns charts side by side as one PNG, {@link #SCALE} times their size.
     *
     * @param charts the panels, left to right
     * @return the PNG's bytes
     * @throws IOException if encoding fails
     */
    public static byte[] png(Chart<?, ?>... charts) throws IOException {
        int width = 0;
        int height = 0;
        for (Chart<?, ?> chart : charts) {
            width += chart.getWidth();
            height = Math.max(height, chart.getHeight());
        }
        BufferedImage image = new BufferedImage(width * SCALE, height * SCALE, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.scale(SCALE, SCALE);
        for (Chart<?, ?> chart : charts) {
            chart.paint(g, chart.getWidth(), chart.getHeight());
            g.translate(chart.getWidth(), 0);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }
}
