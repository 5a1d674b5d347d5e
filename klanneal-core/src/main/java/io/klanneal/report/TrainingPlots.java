package io.klanneal.report;

import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.HeatMapChart;
import org.knowm.xchart.HeatMapChartBuilder;
import org.knowm.xchart.XYChart;

/**
 * The run's PNG plots: loss components per epoch, beta and KL over steps, and the KL of each latent
 * dimension per epoch.
 */
public final class TrainingPlots {

    private TrainingPlots() {}

    /**
     * Writes two panels: reconstruction and negative ELBO per epoch, and KL per epoch, each for
     * training and validation.
     *
     * @param file the PNG file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeLosses(Path file, TrainingHistory history) throws IOException {
        List<EpochSummary> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochSummary::epoch).toArray();
        XYChart nats = Charts.lineChart("Reconstruction and -ELBO", "epoch", "nats per example");
        XYChart kl = Charts.lineChart("KL(q(z|x) || p(z))", "epoch", "nats per example");
        Charts.addLine(nats, "train reconstruction", x, train(epochs, t -> t.reconstruction()));
        Charts.addLine(nats, "train -ELBO", x, train(epochs, EpochSummary.MeanTerms::elbo));
        Charts.addLine(kl, "train KL", x, train(epochs, EpochSummary.MeanTerms::kl));
        if (!epochs.isEmpty() && epochs.get(0).validation() != null) {
            Charts.addLine(
                    nats, "validation reconstruction", x, validation(epochs, t -> t.reconstruction()));
            Charts.addLine(
                    nats, "validation -ELBO", x, validation(epochs, EpochSummary.MeanTerms::elbo));
            Charts.addLine(kl, "validation KL", x, validation(epochs, EpochSummary.MeanTerms::kl));
        }
        Charts.writePng(file, nats, kl);
    }

    /**
     * Writes two panels over optimizer steps: beta, and the batch KL.
     *
     * @param file the PNG file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeBeta(Path file, TrainingHistory history) throws IOException {
        int n = history.steps();
        double[] steps = new double[n];
        double[] beta = new double[n];
        double[] kl = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = history.globalStep(i);
            beta[i] = history.beta(i);
            kl[i] = history.kl(i);
        }
        XYChart betaChart = Charts.lineChart("beta (KL weight)", "optimizer step", "beta");
        Charts.addLine(betaChart, "beta", steps, beta);
        XYChart klChart = Charts.lineChart("KL per step", "optimizer step", "nats per example");
        Charts.addLine(klChart, "training batch KL", steps, kl);
        Charts.writePng(file, betaChart, klChart);
    }

    /**
     * Writes a heat map of the validation KL of each latent dimension (rows) after each epoch
     * (columns), white at 0 nats: a collapsed dimension is a white row, an active one a dark row.
     *
     * @param file the PNG file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeKlHeatMap(Path file, TrainingHistory history) throws IOException {
        List<Integer> epochs = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        for (EpochSummary e : history.epochs()) {
            if (e.validation() != null && e.validation().klPerDimension() != null) {
                epochs.add(e.epoch());
                columns.add(e.validation().klPerDimension());
            }
        }
        if (columns.isEmpty()) {
            return;
        }
        int latent = columns.get(0).length;
        List<String> dimensions = new ArrayList<>();
        for (int d = 0; d < latent; d++) {
            dimensions.add("z" + d);
        }
        List<Number[]> cells = new ArrayList<>();
        double max = 0;
        for (int x = 0; x < columns.size(); x++) {
            for (int d = 0; d < latent; d++) {
                double kl = columns.get(x)[d];
                cells.add(new Number[] {x, d, kl});
                max = Math.max(max, kl);
            }
        }
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(Math.max(500, 120 + 30 * epochs.size()))
                        .height(Math.max(400, 120 + 16 * latent))
                        .title("Validation KL per latent dimension (nats)")
                        .xAxisTitle("epoch")
                        .yAxisTitle("latent dimension")
                        .build();
        chart.getStyler()
                .setMin(0)
                .setMax(max > 0 ? max : 1)
                .setRangeColors(new Color[] {Color.WHITE, new Color(8, 48, 107)})
                .setHeatMapValueDecimalPattern("0.00");
        chart.addSeries("KL", epochs, dimensions, cells);
        Charts.writePng(file, chart);
    }

    private static double[] train(
            List<EpochSummary> epochs, ToDoubleFunction<EpochSummary.MeanTerms> value) {
        return epochs.stream().mapToDouble(e -> value.applyAsDouble(e.train())).toArray();
    }

    private static double[] validation(
            List<EpochSummary> epochs, ToDoubleFunction<EpochSummary.MeanTerms> value) {
        return epochs.stream().mapToDouble(e -> value.applyAsDouble(e.validation())).toArray();
    }
}
