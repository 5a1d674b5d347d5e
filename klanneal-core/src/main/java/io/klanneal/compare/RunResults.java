package io.klanneal.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.compare.ComparisonPlan.PlannedRun;
import io.klanneal.io.JsonFiles;
import io.klanneal.record.RunDirectory;
import io.klanneal.record.RunRecord;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What one run of a comparison left in its directory, read back for the report: its outcome,
 * metrics per epoch, beta per step, recorded options and versions, and its plots.
 *
 * @param run the planned run
 * @param dir its run directory
 * @param outcome how it ended
 * @param epochs metrics.csv rows, column name to value
 * @param steps steps.csv's columns (step, beta, the batch's reconstruction and KL, ...), by name
 * @param options config.json's options (empty when it never started)
 * @param versions config.json's versions
 */
record RunResults(
        PlannedRun run,
        Path dir,
        RunRecord.Outcome outcome,
        List<Map<String, Double>> epochs,
        Map<String, double[]> steps,
        JsonNode options,
        JsonNode versions) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static RunResults read(Path comparisonDir, PlannedRun run) throws IOException {
        RunDirectory runDir = RunDirectory.at(comparisonDir.resolve(run.name()));
        Path dir = runDir.root();
        JsonNode config = Files.isRegularFile(runDir.configFile())
                ? JsonFiles.read(JSON, runDir.configFile())
                : JSON.createObjectNode();
        return new RunResults(
                run,
                dir,
                RunRecord.read(dir),
                metrics(runDir.resolve(RunDirectory.METRICS_FILE)),
                stepColumns(runDir.resolve(RunDirectory.STEPS_FILE)),
                config.path("options"),
                config.path("versions"));
    }

    /**
     * Returns a column's value in one epoch of a run, or NaN before metrics.csv has that epoch
     * (run.json and metrics.csv are written one after the other).
     *
     * @param runDir the run directory
     * @param epoch the epoch, from 1 (0: none yet)
     * @param column a metrics.csv column
     * @throws IOException if metrics.csv cannot be read
     */
    static double epochValue(Path runDir, int epoch, String column) throws IOException {
        List<Map<String, Double>> rows = metrics(RunDirectory.at(runDir).resolve(RunDirectory.METRICS_FILE));
        return epoch < 1 || rows.size() < epoch ? Double.NaN : rows.get(epoch - 1).getOrDefault(column, Double.NaN);
    }

    /** Returns the metrics of the epoch the numbers are taken from: model choice's, or the last. */
    Map<String, Double> chosen() {
        int best = outcome.bestEpoch();
        for (Map<String, Double> row : epochs) {
            if (row.getOrDefault("epoch", -1.0) == best) {
                return row;
            }
        }
        return epochs.isEmpty() ? Map.of() : epochs.get(epochs.size() - 1);
    }

    /** Returns a column over epochs (NaN where a row lacks it). */
    double[] column(String name) {
        return epochs.stream().mapToDouble(r -> r.getOrDefault(name, Double.NaN)).toArray();
    }

    /** Returns the last latent scatter plot the run drew, if any. */
    Path lastLatentPlot() throws IOException {
        Path latent = RunDirectory.at(dir).latentDir();
        if (!Files.isDirectory(latent)) {
            return null;
        }
        try (Stream<Path> files = Files.list(latent)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".png")).sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    private static List<Map<String, Double>> metrics(Path file) throws IOException {
        List<Map<String, Double>> rows = new ArrayList<>();
        if (!Files.isRegularFile(file)) {
            return rows;
        }
        List<String> lines = Files.readAllLines(file);
        if (lines.isEmpty()) {
            return rows;
        }
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            Map<String, Double> row = new LinkedHashMap<>();
            for (int c = 0; c < Math.min(header.length, cells.length); c++) {
                row.put(header[c], parse(cells[c]));
            }
            rows.add(row);
        }
        return rows;
    }

    /** Returns beta per optimizer step. */
    double[] betas() {
        return steps.getOrDefault("beta", new double[0]);
    }

    private static Map<String, double[]> stepColumns(Path file) throws IOException {
        Map<String, double[]> columns = new LinkedHashMap<>();
        List<String> lines = Files.isRegularFile(file) ? Files.readAllLines(file) : List.of();
        if (lines.isEmpty()) {
            return columns;
        }
        String[] header = lines.get(0).split(",");
        List<String[]> rows = lines.stream().skip(1).map(l -> l.split(",")).toList();
        for (int c = 0; c < header.length; c++) {
            int column = c;
            columns.put(header[c], rows.stream()
                    .mapToDouble(r -> column < r.length ? parse(r[column]) : Double.NaN).toArray());
        }
        return columns;
    }

    private static double parse(String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
