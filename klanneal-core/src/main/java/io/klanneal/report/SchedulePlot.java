package io.klanneal.report;

import io.klanneal.schedule.BoundSchedule;
import java.io.IOException;
import java.nio.file.Path;
import org.knowm.xchart.XYChart;

/** A schedule's beta over the steps of a run, as a PNG (Figure 1 of Fu et al., 2019). */
public final class SchedulePlot {

    private SchedulePlot() {}

    /**
     * Writes the curve.
     *
     * @param file the PNG file
     * @param schedule a pure schedule, bound to the run
     * @param title the chart title, usually the spec
     * @throws IOException if writing fails
     */
    public static void write(Path file, BoundSchedule schedule, String title) throws IOException {
        int n = Math.toIntExact(schedule.totalSteps());
        double[] steps = new double[n];
        double[] beta = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            beta[i] = schedule.beta(i);
        }
        XYChart chart = Charts.lineChart(title, "optimizer step", "beta");
        Charts.addLine(chart, "beta", steps, beta);
        Charts.roundTicks(chart, steps, beta);
        chart.getStyler().setLegendVisible(false);
        Charts.writePng(file, chart);
    }
}
