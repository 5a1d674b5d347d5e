package io.klanneal.io;

import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** The run's CSV files, each rewritten atomically and whole. */
public final class CsvFiles {

    /** Columns of {@code metrics.csv} that several parts of klanneal read. */
    public static final String VALIDATION_RECONSTRUCTION = "validation_reconstruction";

    public static final String VALIDATION_KL = "validation_kl";

    public static final String VALIDATION_ELBO = "validation_elbo";

    /** The header of {@code metrics.csv}. */
    public static final String METRICS_HEADER =
            "epoch,beta,train_reconstruction,train_kl,train_elbo,train_loss,"
                    + String.join(",", VALIDATION_RECONSTRUCTION, VALIDATION_KL, VALIDATION_ELBO)
                    + ",validation_loss,seconds";

    public static final String VALIDATION_PERPLEXITY = "validation_perplexity";

    public static final String ACTIVE_UNITS = "active_units";

    public static final String MUTUAL_INFORMATION = "mutual_information";

    public static final String IW_NLL = "iw_nll";

    public static final String IW_PERPLEXITY = "iw_perplexity";

    /** The learning rate of the epoch's last step, where a schedule moves it. */
    public static final String LEARNING_RATE = "lr";

    /** Aggressive inference training's encoder steps per training step in the epoch (its cost). */
    public static final String ENCODER_STEPS = "encoder_steps";

    /** The header of {@code steps.csv}. */
    public static final String STEPS_HEADER = "step,epoch,beta,reconstruction,kl,loss";

    private CsvFiles() {}

    /**
     * Writes one row per epoch: last beta, train and validation reconstruction, KL, ELBO (beta = 1)
     * and weighted loss in nats per example, wall seconds, then any diagnostics the run records
     * (e.g. perplexity, active units, mutual information).
     *
     * @param file the CSV file
     * @param history what training measured
     * @throws IOException if writing fails
     */
    public static void writeMetrics(Path file, TrainingHistory history) throws IOException {
        Set<String> diagnostics = history.diagnosticNames();
        StringBuilder csv = new StringBuilder(METRICS_HEADER);
        diagnostics.forEach(name -> csv.append(',').append(name));
        csv.append('\n');
        List<EpochSummary> epochs = history.epochs();
        for (int i = 0; i < epochs.size(); i++) {
            EpochSummary e = epochs.get(i);
            csv.append(e.epoch()).append(',').append(number(e.lastBeta()));
            appendTerms(csv, e.train());
            appendTerms(csv, e.validation());
            csv.append(',').append(number(e.seconds()));
            Map<String, Double> values = history.diagnostics(i);
            for (String name : diagnostics) {
                csv.append(',');
                if (values.containsKey(name)) {
                    csv.append(number(values.get(name)));
                }
            }
            csv.append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    /**
     * Writes one row per optimizer step: global step, epoch, beta, reconstruction, KL and weighted
     * loss (batch means, nats per example).
     *
     * @param file the CSV file
     * @param history what training measured
     * @param stepsPerEpoch optimizer steps in one epoch
     * @throws IOException if writing fails
     */
    public static void writeSteps(Path file, TrainingHistory history, long stepsPerEpoch)
            throws IOException {
        StringBuilder csv = new StringBuilder(STEPS_HEADER).append('\n');
        for (int i = 0; i < history.steps(); i++) {
            long step = history.globalStep(i);
            csv.append(step).append(',').append(step / stepsPerEpoch + 1)
                    .append(',').append(number(history.beta(i)))
                    .append(',').append(number(history.reconstruction(i)))
                    .append(',').append(number(history.kl(i)))
                    .append(',').append(number(history.loss(i))).append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    /**
     * Writes one row per epoch with the validation KL of every latent dimension (nats per
     * example, averaged over the validation set) after the total, which they sum to.
     *
     * @param file the CSV file
     * @param history what training measured; epochs without validation are left out
     * @throws IOException if writing fails
     */
    public static void writeKlPerDimension(Path file, TrainingHistory history) throws IOException {
        StringBuilder csv = new StringBuilder("epoch,kl_total");
        int latent = -1;
        for (EpochSummary e : history.epochs()) {
            if (e.validation() == null || e.validation().klPerDimension() == null) {
                continue;
            }
            double[] perDimension = e.validation().klPerDimension();
            if (latent < 0) {
                latent = perDimension.length;
                for (int d = 0; d < latent; d++) {
                    csv.append(",z").append(d);
                }
                csv.append('\n');
            }
            csv.append(e.epoch()).append(',').append(number(e.validation().kl()));
            for (double kl : perDimension) {
                csv.append(',').append(number(kl));
            }
            csv.append('\n');
        }
        if (latent < 0) {
            csv.append('\n');
        }
        AtomicFiles.writeString(file, csv.toString());
    }

    /**
     * Keeps the header and the first {@code rows} data rows of a CSV file, atomically; a file that
     * does not exist or is no longer is left as it is.
     *
     * @param file the file
     * @param rows data rows to keep
     * @throws IOException if it cannot be read or written
     */
    public static void trim(Path file, long rows) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            return;
        }
        List<String> lines = java.nio.file.Files.readAllLines(file);
        if (lines.size() <= rows + 1) {
            return;
        }
        AtomicFiles.writeString(file, String.join("\n", lines.subList(0, (int) rows + 1)) + "\n");
    }

    private static void appendTerms(StringBuilder csv, EpochSummary.MeanTerms terms) {
        if (terms == null) {
            csv.append(",,,,");
            return;
        }
        csv.append(',').append(number(terms.reconstruction()))
                .append(',').append(number(terms.kl()))
                .append(',').append(number(terms.elbo()))
                .append(',').append(number(terms.loss()));
    }

    /** Formats a number with 7 significant digits, locale-independent. */
    public static String number(double value) {
        return String.format(Locale.ROOT, "%.7g", value);
    }
}
