package io.klanneal.report;

import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;

/** The run's PNG plots: loss components per epoch, and beta and KL over steps. */
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

    private static double[] train(
            List<EpochSummary> epochs, ToDoubleFunction<EpochSummary.MeanTerms> value) {
        return epochs.stream().mapToDouble(e -> value.applyAsDouble(e.train())).toArray();
    }

    private static double[] validation(
            List<EpochSummary> epochs, ToDoubleFunction<EpochSummary.MeanTerms> value) {
        return epochs.stream().mapToDouble(e -> value.applyAsDouble(e.validation())).toArray();
    }
}
