package io.klanneal.text;

import ai.djl.training.ParameterStore;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import io.klanneal.model.TextVae;
import io.klanneal.report.Charts;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;

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
        TreeMap<Integer, double[][]> byLabel = new TreeMap<>();
        for (int i = 0; i < means.length; i++) {
            byLabel.merge(
                    sentences.label(i),
                    new double[][] {{means[i][0]}, {means[i][1]}},
                    (a, b) -> new double[][] {concat(a[0], b[0]), concat(a[1], b[1])});
        }
        XYChart chart =
                Charts.lineChart(
                        "Posterior means after epoch " + epoch, "z[0]", "z[1]");
        // The same axes for every run, at least the prior's +-2 sd: a collapsed posterior shows as
        // a dot at the origin instead of being blown up by autoscaling.
        double extent = 2.0;
        for (float[] mean : means) {
            extent = Math.max(extent, 1.1 * Math.max(Math.abs(mean[0]), Math.abs(mean[1])));
        }
        chart.getStyler().setXAxisMin(-extent).setXAxisMax(extent).setYAxisMin(-extent).setYAxisMax(extent);
        byLabel.forEach(
                (label, xy) -> {
                    XYSeries series = chart.addSeries("sequence " + label, xy[0], xy[1]);
                    series.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                });
        try {
            Charts.writePng(dir.resolve(String.format(Locale.ROOT, "epoch-%03d.png", epoch)), chart);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write the latent plot in " + dir, e);
        }
    }

    private static double[] concat(double[] a, double[] b) {
        double[] joined = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, joined, a.length, b.length);
        return joined;
    }
}
