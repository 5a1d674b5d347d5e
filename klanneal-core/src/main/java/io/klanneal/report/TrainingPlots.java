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
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;

/**
 * The run's PNG plots: loss components per epoch, beta and KL over steps, and the KL of each latent
 * dimension per epoch.
 */
public final class TrainingPlots {

    private TrainingPlots() {}

    // One colour per quantity, whatever the panel; validation dashed, training solid.
    static final Color RECONSTRUCTION = new Color(31, 119, 180);
    static final Color ELBO = new Color(214, 39, 40);
    static final Color KL = new Color(44, 160, 44);
    static final Color BETA = new Color(148, 103, 189);

    /** The KL heat map's scale reaches at least this many nats, so a nearly collapsed run looks pale. */
    static final double HEAT_MAP_MIN_TOP_NATS = 1.0;

    /** Epochs the heat map shows at most (the first, the last and evenly between): it stays legible. */
    static final int HEAT_MAP_MAX_EPOCHS = 20;

    /**
     * Writes two panels: reconstruction and negative ELBO per epoch, and KL per epoch, each for
     * training and validation.
     *
     * @param file the PNG file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeLosses(Path file, TrainingHistory history) throws IOException {
        Charts.writePng(file, lossCharts(history));
    }

    // The losses' two panels.
    static XYChart[] lossCharts(TrainingHistory history) {
        List<EpochSummary> epochs = history.epochs();
        double[] x = epochs.stream().mapToDouble(EpochSummary::epoch).toArray();
        XYChart nats = Charts.lineChart("Reconstruction and -ELBO", "epoch", "nats per example");
        XYChart kl = Charts.lineChart("KL(q(z|x) || p(z))", "epoch", "nats per example");
        boolean validated = !epochs.isEmpty() && epochs.get(0).validation() != null;
        styled(Charts.addLine(nats, "train reconstruction", x, train(epochs, t -> t.reconstruction())), RECONSTRUCTION, false);
        styled(Charts.addLine(nats, "train -ELBO", x, train(epochs, EpochSummary.MeanTerms::elbo)), ELBO, false);
        if (validated) {
            styled(Charts.addLine(nats, "validation reconstruction", x, validation(epochs, t -> t.reconstruction())),
                    RECONSTRUCTION, true);
            styled(Charts.addLine(nats, "validation -ELBO", x, validation(epochs, EpochSummary.MeanTerms::elbo)),
                    ELBO, true);
        }
        styled(Charts.addLine(kl, "train KL", x, train(epochs, EpochSummary.MeanTerms::kl)), KL, false);
        if (validated) {
            styled(Charts.addLine(kl, "validation KL", x, validation(epochs, EpochSummary.MeanTerms::kl)), KL, true);
        }
        return new XYChart[] {nats, kl};
    }

    private static void styled(XYSeries series, Color color, boolean validation) {
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setLineStyle(validation ? SeriesLines.DASH_DASH : SeriesLines.SOLID);
    }

    /**
     * Writes two panels over optimizer steps: beta, and the batch KL.
     *
     * @param file the PNG file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeBeta(Path file, TrainingHistory history) throws IOException {
        Charts.writePng(file, betaCharts(history));
    }

    // Beta and the batch KL over steps.
    static XYChart[] betaCharts(TrainingHistory history) {
        int n = history.steps();
        double[] steps = new double[n];
        double[] beta = new double[n];
        double[] kl = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = history.globalStep(i);
            // Beta is a float: widened as is, 0.95f would print as 0.949999988079071.
            beta[i] = Double.parseDouble(Float.toString(history.beta(i)));
            kl[i] = history.kl(i);
        }
        XYChart betaChart = Charts.lineChart("beta (KL weight)", "optimizer step", "beta");
        styled(Charts.addLine(betaChart, "beta", steps, beta), BETA, false);
        XYChart klChart = Charts.lineChart("KL per step", "optimizer step", "nats per example");
        styled(Charts.addLine(klChart, "training batch KL", steps, kl), KL, false);
        Charts.roundTicks(betaChart, steps, beta);
        Charts.roundTicks(klChart, steps, kl);
        return new XYChart[] {betaChart, klChart};
    }

    /**
     * Writes a heat map of the validation KL of each latent dimension (rows) after each epoch
     * (columns; at most {@link #HEAT_MAP_MAX_EPOCHS}), on an absolute scale in nats from 0 to at least {@link #HEAT_MAP_MIN_TOP_NATS}; a
     * dimension below the collapse threshold ({@link CollapseAlarm#KL_PER_DIMENSION}) is white.
     *
     * @param file the PNG file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeKlHeatMap(Path file, TrainingHistory history) throws IOException {
        HeatMapChart chart = klHeatMap(history);
        if (chart != null) {
            Charts.writePng(file, chart);
        }
    }

    // The heat map, or null before any epoch with per-dimension KL.
    static HeatMapChart klHeatMap(TrainingHistory history) {
        List<Integer> epochs = new ArrayList<>();
        List<double[]> columns = new ArrayList<>();
        List<EpochSummary> measured = history.epochs().stream()
                .filter(e -> e.validation() != null && e.validation().klPerDimension() != null).toList();
        if (measured.isEmpty()) {
            return null;
        }
        int shown = Math.min(measured.size(), HEAT_MAP_MAX_EPOCHS);
        for (int i = 0; i < shown; i++) {
            EpochSummary e = measured.get(shown == 1 ? 0 : (int) Math.round(i * (measured.size() - 1.0) / (shown - 1)));
            epochs.add(e.epoch());
            columns.add(e.validation().klPerDimension());
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
                // Below the collapse threshold a dimension carries nothing: white, not a faint tint.
                cells.add(new Number[] {x, d, kl < CollapseAlarm.KL_PER_DIMENSION ? 0.0 : kl});
                max = Math.max(max, kl);
            }
        }
        double top = Math.max(HEAT_MAP_MIN_TOP_NATS, Math.ceil(max));
        HeatMapChart chart =
                new HeatMapChartBuilder()
                        .width(Math.max(500, 120 + 30 * epochs.size()))
                        .height(Math.max(400, 120 + 16 * latent))
                        .title("Validation KL per dimension (nats)")
                        .xAxisTitle(String.format(java.util.Locale.ROOT,
                                "epoch (scale 0-%.0f nats; white: below %.2f, collapsed)",
                                top, CollapseAlarm.KL_PER_DIMENSION))
                        .yAxisTitle("latent dimension")
                        .build();
        Charts.style(chart.getStyler());
        chart.getStyler()
                .setMin(0)
                .setMax(top)
                .setRangeColors(new Color[] {Color.WHITE, new Color(8, 48, 107)})
                .setHeatMapValueDecimalPattern("0.00");
        chart.addSeries("KL", epochs, dimensions, cells);
        return chart;
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
