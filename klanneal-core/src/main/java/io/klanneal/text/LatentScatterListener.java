package io.klanneal.text;

import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.report.Charts;
import io.klanneal.train.TrainingHistory;
import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * For a 2-D latent space, draws the posterior means of labelled sentences coloured by label at
 * several epochs ({@code latent/epoch-NNN.png}): all labels on top of each other is posterior
 * collapse, separate clusters are a used latent code (Fu et al. 2019, Figure 4).
 */
public final class LatentScatterListener extends TrainingListenerAdapter {

    private final TextVae block;
    private final SentenceBatches sentences;
    private final Path dir;
    private final int every;
    private final int epochs;
    private final TrainingHistory history;

    /**
     * Creates the listener.
     *
     * @param block the model, with a 2-D latent space
     * @param sentences labelled sentences, not shuffled
     * @param dir where the PNGs go
     * @param epochs the number of epochs of the run; about five plots are drawn
     * @param history the run's history, which counts the epochs
     */
    public LatentScatterListener(
            TextVae block, SentenceBatches sentences, Path dir, int epochs, TrainingHistory history) {
        if (block.latent() != 2) {
            throw new IllegalArgumentException(
                    "latent scatter plots need a 2-D latent space, got " + block.latent());
        }
        this.block = block;
        this.sentences = sentences;
        this.dir = dir;
        this.epochs = epochs;
        this.history = history;
        this.every = Math.max(1, epochs / 5);
    }

    @Override
    public void onEpoch(Trainer trainer) {
        int epoch = history.epochs().size();
        if (epoch != 1 && epoch % every != 0 && epoch != epochs) {
            return;
        }
        float[][] means =
                TextEvaluation.posteriorMeans(
                        block,
                        new ParameterStore(trainer.getManager(), false),
                        trainer.getManager(),
                        sentences);
        XYChart chart = scatter(epoch, means, sentences::label);
        try {
            Charts.writePng(dir.resolve(String.format(Locale.ROOT, "epoch-%03d.png", epoch)), chart);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the latent plot in " + dir, e);
        }
    }

    /** The axes' extent: the prior's 4 standard deviations, the same for every epoch and run. */
    static final double EXTENT = 4.0;

    /**
     * Draws posterior means by label on fixed axes (+-{@link #EXTENT}, one of them widened so that
     * both have the same scale; a mean beyond is drawn on the border) with the prior's 1- and
     * 2-sigma circles, round, and the origin: a collapsed posterior is a dot
     * at the origin, the same size in every plot.
     *
     * @param epoch the epoch, for the title
     * @param means each sentence's 2-D posterior mean
     * @param label each sentence's label, by index
     * @return the chart
     */
    static XYChart scatter(int epoch, float[][] means, java.util.function.IntUnaryOperator label) {
        TreeMap<Integer, double[][]> byLabel = new TreeMap<>();
        for (int i = 0; i < means.length; i++) {
            byLabel.merge(
                    label.applyAsInt(i),
                    new double[][] {{clamp(means[i][0])}, {clamp(means[i][1])}},
                    (a, b) -> new double[][] {concat(a[0], b[0]), concat(a[1], b[1])});
        }
        XYChart chart = Charts.lineChart("Posterior means after epoch " + epoch, "z[0]", "z[1]");
        chart.getStyler()
                .setXAxisMin(-EXTENT).setXAxisMax(EXTENT).setYAxisMin(-EXTENT).setYAxisMax(EXTENT)
                .setXAxisDecimalPattern("0").setYAxisDecimalPattern("0");
        for (int sigma = 1; sigma <= 2; sigma++) {
            double[][] circle = circle(sigma);
            XYSeries prior = chart.addSeries("prior " + sigma + " sd", circle[0], circle[1]);
            prior.setMarker(SeriesMarkers.NONE);
            prior.setLineColor(Color.GRAY);
            prior.setLineStyle(sigma == 1 ? SeriesLines.SOLID : SeriesLines.DASH_DASH);
        }
        XYSeries origin = chart.addSeries("origin", new double[] {0}, new double[] {0});
        origin.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        origin.setMarker(SeriesMarkers.CROSS);
        origin.setMarkerColor(Color.BLACK);
        byLabel.forEach(
                (l, xy) -> chart.addSeries("sequence " + l, xy[0], xy[1])
                        .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter));
        Charts.equalScales(chart, EXTENT);
        return chart;
    }

    private static double clamp(float value) {
        return Math.max(-EXTENT, Math.min(EXTENT, value));
    }

    private static double[][] circle(double radius) {
        int points = 101;
        double[][] xy = new double[2][points];
        for (int i = 0; i < points; i++) {
            double angle = 2 * Math.PI * i / (points - 1);
            xy[0][i] = radius * Math.cos(angle);
            xy[1][i] = radius * Math.sin(angle);
        }
        return xy;
    }

    private static double[] concat(double[] a, double[] b) {
        double[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
