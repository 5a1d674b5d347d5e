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
        write(file, schedule, title, null);
    }

    /**
     * Writes the curve with the learning rate's factor of its base rate beside it.
     *
     * @param file the PNG file
     * @param schedule a pure schedule, bound to the run
     * @param title the chart title, usually the specs
     * @param learningRate the learning rate's factor at each step, or null to draw beta alone
     * @throws IOException if writing fails
     */
    public static void write(Path file, BoundSchedule schedule, String title, double[] learningRate)
            throws IOException {
        int n = Math.toIntExact(schedule.totalSteps());
        double[] steps = new double[n];
        double[] beta = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i;
            beta[i] = schedule.beta(i);
        }
        XYChart chart = Charts.lineChart(title, "optimizer step", learningRate == null ? "beta" : "beta, lr / lr base");
        Charts.addLine(chart, "beta", steps, beta);
        if (learningRate != null) {
            Charts.addLine(chart, "learning rate (factor)", steps, learningRate);
        }
        Charts.roundTicks(chart, steps, beta);
        chart.getStyler().setLegendVisible(learningRate != null);
        Charts.writePng(file, chart);
    }
}
