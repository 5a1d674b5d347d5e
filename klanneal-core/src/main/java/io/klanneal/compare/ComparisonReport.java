package io.klanneal.compare;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.compare.ComparisonPlan.PlannedRun;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.CsvFiles;
import io.klanneal.io.StorageException;
import io.klanneal.record.RunDirectory;
import io.klanneal.report.CollapseAlarm;
import io.klanneal.report.Charts;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.knowm.xchart.XYChart;

/**
 * Writes a comparison's {@code report.html} (one self-contained file: styles inline, images as
 * data URIs, no network), {@code summary.csv}, {@code summary.md} and the curves as {@code
 * plots/*.png}, from the runs' directories.
 * The table has one row per group: the held-out numbers of the epoch model choice picked (settled
 * epochs only), mean ± sd over seeds, the best of each column marked.
 */
public final class ComparisonReport {

    /** The report's files in the comparison directory. */
    public static final String REPORT_FILE = "report.html";

    public static final String SUMMARY_CSV = "summary.csv";

    public static final String SUMMARY_MARKDOWN = "summary.md";

    public static final String PLOTS_DIR = "plots";

    /** Everything {@link #write} writes, for a copy of the report elsewhere. */
    public static final List<String> FILES = List.of(REPORT_FILE, SUMMARY_CSV, SUMMARY_MARKDOWN, PLOTS_DIR);

    /** A column of the summary: a metrics.csv column, its heading, and which way is better. */
    record Column(String metric, String heading, Better better) {}

    enum Better { LOWER, HIGHER, NEITHER }

    static final List<Column> COLUMNS = List.of(
            new Column(CsvFiles.VALIDATION_RECONSTRUCTION, "reconstruction", Better.LOWER),
            // A larger KL is not better in itself: it is the price of the information z carries.
            new Column(CsvFiles.VALIDATION_KL, "KL", Better.NEITHER),
            new Column(CsvFiles.VALIDATION_ELBO, "-ELBO", Better.LOWER),
            new Column(CsvFiles.VALIDATION_PERPLEXITY, "perplexity", Better.LOWER),
            new Column(CsvFiles.IW_NLL, "IW-NLL", Better.LOWER),
            new Column(CsvFiles.ACTIVE_UNITS, "active units", Better.HIGHER),
            new Column(CsvFiles.MUTUAL_INFORMATION, "MI", Better.HIGHER));

    private static final List<Column> CURVES = List.of(
            COLUMNS.get(1), COLUMNS.get(0), COLUMNS.get(2), COLUMNS.get(5), COLUMNS.get(6));

    /** One row of the summary: a group's statistics per column. */
    record Row(String group, int runs, int succeeded, String epochs, Map<Column, double[]> meanSd) {}

    /** Points per run at most in a per-step chart: longer runs are averaged over buckets of steps. */
    static final int STEP_POINTS = 1500;

    // The charting library's WebJar: its version is the one Maven resolved (pom.xml names it once).
    private static final String UPLOT_POM = "/META-INF/maven/org.webjars.npm/uplot/pom.properties";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ComparisonReport() {}

    /**
     * Writes the report files into the comparison directory.
     *
     * @param dir the comparison directory, holding {@code comparison.json} and the runs
     * @return the report's path
     * @throws StorageException if the device is full or read-only, naming the directory and what
     *     to do
     * @throws IOException if the plan cannot be read or a file cannot be written
     */
    public static Path write(Path dir) throws IOException {
        try {
            return writeFiles(dir);
        } catch (IOException | UncheckedIOException e) {
            IOException storage = StorageException.cause(e);
            if (storage == null) {
                throw e;
            }
            throw StorageException.in(dir, storage, "klanneal report " + dir);
        }
    }

    // Each file is replaced whole; one that could not be written keeps its previous content.
    private static Path writeFiles(Path dir) throws IOException {
        ComparisonPlan plan = ComparisonPlan.read(dir);
        List<RunResults> results = results(dir, plan);
        List<Column> columns = COLUMNS.stream()
                .filter(c -> results.stream().anyMatch(r -> r.epochs().stream().anyMatch(e -> e.containsKey(c.metric()))))
                .toList();
        List<Row> rows = summarize(plan, results, columns);
        String answer = answer(plan, results, rows);
        AtomicFiles.writeString(dir.resolve(SUMMARY_CSV), csv(rows, columns));
        AtomicFiles.writeString(dir.resolve(SUMMARY_MARKDOWN), answer + "\n\n" + markdown(rows, columns));
        Path report = dir.resolve(REPORT_FILE);
        AtomicFiles.writeString(report, html(dir, plan, results, rows, columns, answer));
        return report;
    }

    /**
     * Returns the comparison's answer in words ({@link ComparisonAnswer}), as the report states it.
     *
     * @param dir the comparison directory
     * @return the paragraph
     * @throws IOException if the plan cannot be read
     */
    public static String answer(Path dir) throws IOException {
        ComparisonPlan plan = ComparisonPlan.read(dir);
        List<RunResults> results = results(dir, plan);
        return answer(plan, results, summarize(plan, results, COLUMNS));
    }

    private static List<RunResults> results(Path dir, ComparisonPlan plan) throws IOException {
        List<RunResults> results = new ArrayList<>();
        for (PlannedRun run : plan.runs()) {
            results.add(RunResults.read(dir, run));
        }
        return results;
    }

    // At the epoch model choice picked, z still carries nothing by the collapse alarm's own rule
    // (its metrics.csv column); a run written before that column counts as its alarm says.
    private static boolean stillCollapsed(RunResults r) {
        return r.chosen().getOrDefault(CollapseAlarm.COLUMN, 1.0) == 1.0;
    }

    private static String answer(ComparisonPlan plan, List<RunResults> results, List<Row> rows) {
        List<ComparisonAnswer.Group> groups = new ArrayList<>();
        for (Row row : rows) {
            List<RunResults> alarmed = results.stream()
                    .filter(r -> r.run().group().equals(row.group()) && r.outcome().succeeded() && r.outcome().collapseEpoch() > 0)
                    .toList();
            int collapsed = (int) alarmed.stream().filter(ComparisonReport::stillCollapsed).count();
            groups.add(new ComparisonAnswer.Group(row.group(), row.runs(), row.succeeded(), collapsed,
                    alarmed.size() - collapsed,
                    stat(row, CsvFiles.VALIDATION_ELBO), stat(row, CsvFiles.VALIDATION_KL),
                    stat(row, CsvFiles.ACTIVE_UNITS), stat(row, CsvFiles.MUTUAL_INFORMATION)));
        }
        return ComparisonAnswer.paragraph(groups);
    }

    private static double[] stat(Row row, String metric) {
        return row.meanSd().entrySet().stream().filter(e -> e.getKey().metric().equals(metric))
                .map(Map.Entry::getValue).findFirst().orElse(new double[] {Double.NaN, Double.NaN});
    }

    static List<Row> summarize(ComparisonPlan plan, List<RunResults> results, List<Column> columns) {
        List<Row> rows = new ArrayList<>();
        for (String group : plan.groups()) {
            List<RunResults> members = results.stream().filter(r -> r.run().group().equals(group)).toList();
            List<RunResults> done = members.stream().filter(r -> r.outcome().succeeded()).toList();
            Map<Column, double[]> stats = new LinkedHashMap<>();
            for (Column column : columns) {
                double[] values = done.stream().mapToDouble(r -> r.chosen().getOrDefault(column.metric(), Double.NaN)).toArray();
                stats.put(column, meanSd(values));
            }
            Set<String> epochs = new LinkedHashSet<>();
            done.forEach(r -> epochs.add(String.valueOf(r.chosen().getOrDefault("epoch", Double.NaN).intValue())));
            rows.add(new Row(group, members.size(), done.size(), String.join(", ", epochs), stats));
        }
        return rows;
    }

    // Mean and sample standard deviation; NaN when there is nothing to average.
    static double[] meanSd(double[] values) {
        int n = 0;
        double sum = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                n++;
                sum += v;
            }
        }
        if (n == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                squares += (v - mean) * (v - mean);
            }
        }
        return new double[] {mean, n > 1 ? Math.sqrt(squares / (n - 1)) : Double.NaN};
    }

    // The group whose mean is strictly best in a column, or null (no direction, a tie, nothing).
    static String best(List<Row> rows, Column column) {
        if (column.better() == Better.NEITHER) {
            return null;
        }
        String best = null;
        double bestValue = Double.NaN;
        boolean tied = false;
        for (Row row : rows) {
            double mean = row.meanSd().get(column)[0];
            if (Double.isNaN(mean)) {
                continue;
            }
            if (mean == bestValue) {
                tied = true;
            } else if (Double.isNaN(bestValue)
                    || (column.better() == Better.LOWER ? mean < bestValue : mean > bestValue)) {
                best = row.group();
                bestValue = mean;
                tied = false;
            }
        }
        return tied ? null : best;
    }

    // The spread is written to the mean's precision: "116.71 ± 0.25", "0.0388 ± 0.0086"; whole
    // numbers (the active units of one seed, or of seeds that agree) as whole numbers: "2", "1 ± 0".
    static String format(double[] meanSd) {
        if (Double.isNaN(meanSd[0])) {
            return "n/a";
        }
        if (whole(meanSd[0]) && (Double.isNaN(meanSd[1]) || whole(meanSd[1]))) {
            String mean = String.valueOf((long) meanSd[0]);
            return Double.isNaN(meanSd[1]) ? mean : mean + " ± " + (long) meanSd[1];
        }
        double magnitude = Math.abs(meanSd[0]);
        String pattern = magnitude >= 100 ? "%.2f" : magnitude >= 1 ? "%.3f" : "%.4f";
        String mean = String.format(Locale.ROOT, pattern, meanSd[0]);
        return Double.isNaN(meanSd[1]) ? mean : mean + " ± " + String.format(Locale.ROOT, pattern, meanSd[1]);
    }

    private static String csv(List<Row> rows, List<Column> columns) {
        StringBuilder out = new StringBuilder("group,runs,finished,epochs");
        columns.forEach(c -> out.append(',').append(c.metric()).append("_mean,").append(c.metric()).append("_sd"));
        out.append('\n');
        for (Row row : rows) {
            out.append(csvCell(row.group())).append(',').append(row.runs()).append(',').append(row.succeeded())
                    .append(',').append(csvCell(row.epochs()));
            for (Column column : columns) {
                double[] stats = row.meanSd().get(column);
                out.append(',').append(Double.isNaN(stats[0]) ? "" : String.valueOf(stats[0]))
                        .append(',').append(Double.isNaN(stats[1]) ? "" : String.valueOf(stats[1]));
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String csvCell(String text) {
        return text.contains(",") || text.contains("\"") ? '"' + text.replace("\"", "\"\"") + '"' : text;
    }

    private static String markdown(List<Row> rows, List<Column> columns) {
        StringBuilder out = new StringBuilder("| schedule | runs | epoch |");
        columns.forEach(c -> out.append(' ').append(c.heading()).append(" |"));
        out.append("\n|---|---|---|");
        columns.forEach(c -> out.append("---|"));
        out.append('\n');
        for (Row row : rows) {
            out.append("| `").append(row.group()).append("` | ").append(row.succeeded()).append('/').append(row.runs())
                    .append(" | ").append(row.epochs()).append(" |");
            for (Column column : columns) {
                String cell = format(row.meanSd().get(column));
                out.append(' ').append(row.group().equals(best(rows, column)) ? "**" + cell + "**" : cell).append(" |");
            }
            out.append('\n');
        }
        return out.toString();
    }

    private static String html(
            Path dir, ComparisonPlan plan, List<RunResults> results, List<Row> rows, List<Column> columns, String answer)
            throws IOException {
        StringBuilder h = new StringBuilder();
        head(h);
        h.append("<p id=\"answer\">").append(escape(answer).replaceAll("`([^`]*)`", "<code>$1</code>")).append("</p>\n");
        summary(h, results, rows, columns);
        explore(h, results, columns);
        curves(h, dir, plan, results, columns);
        perRunPlots(h, plan, results);
        runs(h, results);
        provenance(h, plan, results);
        h.append("</body></html>\n");
        return h.toString();
    }

    private static void head(StringBuilder h) {
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<title>klanneal comparison</title><style>")
                .append("body{font-family:system-ui,sans-serif;margin:2em auto;max-width:1200px;padding:0 1em;color:#222}")
                .append("table{border-collapse:collapse;margin:1em 0}th,td{border:1px solid #ccc;padding:.3em .6em;text-align:right}")
                .append("th:first-child,td:first-child{text-align:left}thead th{background:#f2f2f2}")
                .append("td.best{font-weight:bold;background:#e6f4ea}.failed{color:#b00020}")
                .append(".plots{display:flex;flex-wrap:wrap;gap:1em}.plots figure{margin:0;flex:1 1 480px;max-width:600px}")
                .append("img{max-width:100%;height:auto;border:1px solid #eee}code,pre{background:#f6f6f6}")
                .append("pre{padding:.6em;white-space:pre-wrap;word-break:break-all}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:1em}.chart{flex:1 1 560px}")
                .append(".u-legend{font-size:12px}.u-legend th,.u-legend td{border:none;padding:1px 3px}")
                .append(".u-legend .u-series{display:inline-block;margin:0 .4em}thead th[data-sorted=asc]::after{content:' \\25B2'}")
                .append("thead th[data-sorted=desc]::after{content:' \\25BC'}")
                .append("</style></head><body>\n<h1>Which schedule? A klanneal comparison</h1>\n");
    }

    private static void summary(StringBuilder h, List<RunResults> results, List<Row> rows, List<Column> columns) {
        long failed = results.stream().filter(r -> !r.outcome().succeeded()).count();
        h.append("<p>").append(results.size()).append(" runs in ").append(rows.size()).append(" groups");
        if (failed > 0) {
            h.append(", <span class=\"failed\">").append(failed).append(" not finished</span>");
        }
        h.append(". Held-out numbers per example (nats), from the epoch model choice picked among the settled")
                .append(" epochs (beta = 1), mean ± sd over seeds; the best of each column is marked")
                .append(" (KL is not marked: more is not better in itself).</p>\n");
        h.append("<table id=\"summary\"><thead><tr><th>schedule</th><th>runs</th><th>epoch</th>");
        columns.forEach(c -> h.append("<th>").append(escape(c.heading())).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        for (Row row : rows) {
            h.append("<tr><td><code>").append(escape(row.group())).append("</code></td><td>")
                    .append(row.succeeded()).append('/').append(row.runs()).append("</td><td>")
                    .append(escape(row.epochs())).append("</td>");
            for (Column column : columns) {
                boolean best = row.group().equals(best(rows, column));
                h.append(best ? "<td class=\"best\">" : "<td>").append(escape(format(row.meanSd().get(column)))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void curves(StringBuilder h, Path dir, ComparisonPlan plan, List<RunResults> results,
            List<Column> columns) throws IOException {
        h.append("<details><summary>The same curves as images (also in ").append(PLOTS_DIR)
                .append("/, for a README or a paper)</summary>\n<div class=\"plots\">\n");
        for (Column column : CURVES) {
            if (columns.contains(column)) {
                XYChart chart = Charts.lineChart("Held-out " + column.heading() + " per epoch", "epoch", column.heading());
                for (RunResults r : results) {
                    if (!r.epochs().isEmpty()) {
                        Charts.addLine(chart, label(r), r.column("epoch"), r.column(column.metric()));
                    }
                }
                figure(h, chart, column.heading() + " per epoch, every run", dir, column.metric());
            }
        }
        XYChart beta = Charts.lineChart("Beta per optimizer step", "step", "beta");
        for (String group : plan.groups()) {
            results.stream().filter(r -> r.run().group().equals(group) && r.betas().length > 0).findFirst()
                    .ifPresent(r -> {
                        Charts.addLine(beta, group, steps(r.betas().length), r.betas());
                        if (beta.getSeriesMap().size() == 1) {
                            Charts.roundTicks(beta, steps(r.betas().length), r.betas());
                        }
                    });
        }
        if (!beta.getSeriesMap().isEmpty()) {
            figure(h, beta, "beta per step, one run per schedule", dir, "beta");
        }
        h.append("</div></details>\n");
    }

    // Every run's numbers as JSON, drawn by report.js with uPlot, both inlined: hover, legend
    // toggles, zoom, smoothing, nothing fetched.
    private static void explore(StringBuilder h, List<RunResults> results, List<Column> columns) throws IOException {
        String uplot = "/META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
        h.append("<h2>Curves</h2>\n<p>Hover a chart for every run's value there; click a run in a legend to")
                .append(" hide it; drag across a chart to zoom, double-click to zoom out.</p>\n")
                .append("<div class=\"charts\" id=\"epoch-charts\"></div>\n")
                .append("<h3>Per optimizer step</h3>\n<p><label>Smoothing <input id=\"smoothing\" type=\"range\"")
                .append(" min=\"0\" max=\"0.99\" step=\"0.01\" value=\"0.6\"> <span id=\"smoothing-value\">0.6</span>")
                .append("</label> (reconstruction and KL of the batches; beta as scheduled)</p>\n")
                .append("<div class=\"charts\" id=\"step-charts\"></div>\n")
                .append("<div id=\"sweep\"></div>\n")
                .append("<style>").append(resource(uplot + "uPlot.min.css")).append("</style>\n")
                .append("<script>").append(resource(uplot + "uPlot.iife.min.js")).append("</script>\n")
                .append("<script type=\"application/json\" id=\"report-data\">")
                .append(JSON.writeValueAsString(chartData(results, columns)).replace("</", "<\\/"))
                .append("</script>\n<script>").append(resource("report.js")).append("</script>\n");
    }

    private static ObjectNode chartData(List<RunResults> results, List<Column> columns) {
        ObjectNode data = JSON.createObjectNode();
        ArrayNode epochCharts = data.putArray("epochCharts");
        for (Column column : CURVES) {
            if (columns.contains(column)) {
                epochCharts.addObject().put("metric", column.metric()).put("label", column.heading())
                        .put("title", "Held-out " + column.heading() + " per epoch");
            }
        }
        ArrayNode stepCharts = data.putArray("stepCharts");
        stepCharts.addObject().put("column", "beta").put("label", "beta").put("title", "Beta per step").put("smooth", false);
        stepCharts.addObject().put("column", "kl").put("label", "KL").put("title", "Batch KL per step").put("smooth", true);
        stepCharts.addObject().put("column", "reconstruction").put("label", "reconstruction")
                .put("title", "Batch reconstruction per step").put("smooth", true);
        int steps = results.stream().mapToInt(r -> r.betas().length).max().orElse(0);
        int bucket = Math.max(1, (steps + STEP_POINTS - 1) / STEP_POINTS);
        data.put("stepBucket", bucket);
        ArrayNode xs = data.putArray("steps");
        for (int b = 0; b * bucket < steps; b++) {
            xs.add(b * bucket);
        }
        sweep(data, results, columns);
        ArrayNode runs = data.putArray("runs");
        for (RunResults r : results) {
            ObjectNode run = runs.addObject().put("label", label(r)).put("group", r.run().group())
                    .put("seed", r.run().seed());
            ArrayNode epochs = run.putArray("epochs");
            for (Map<String, Double> row : r.epochs()) {
                ObjectNode epoch = epochs.addObject();
                row.forEach((name, value) -> number(epoch, name, value));
            }
            ObjectNode stepColumns = run.putObject("steps");
            for (int c = 0; c < stepCharts.size(); c++) {
                String name = stepCharts.get(c).get("column").asText();
                ArrayNode means = stepColumns.putArray(name);
                for (double mean : bucketMeans(r.steps().getOrDefault(name, new double[0]), bucket)) {
                    if (Double.isFinite(mean)) {
                        means.add(mean);
                    } else {
                        means.addNull();
                    }
                }
            }
        }
        return data;
    }

    // When runs differ in more than their schedule and seed (a --file comparison that sweeps an
    // option), each run's varied options and held-out numbers at its chosen epoch, for report.js to
    // plot every outcome against every varied option.
    private static void sweep(ObjectNode data, List<RunResults> results, List<Column> columns) {
        List<String> varied = new ArrayList<>(differingOptions(results));
        varied.remove("seed");
        if (varied.isEmpty() || varied.equals(List.of("schedule"))) {
            return;
        }
        ObjectNode sweep = data.putObject("sweep");
        varied.forEach(sweep.putArray("options")::add);
        ArrayNode outcomes = sweep.putArray("outcomes");
        columns.forEach(c -> outcomes.addObject().put("metric", c.metric()).put("label", c.heading()));
        ArrayNode runs = sweep.putArray("runs");
        for (RunResults r : results) {
            ObjectNode run = runs.addObject().put("label", label(r)).put("group", r.run().group());
            ObjectNode options = run.putObject("options");
            varied.forEach(o -> options.set(o, r.options().path(o)));
            ObjectNode chosen = run.putObject("chosen");
            columns.forEach(c -> number(chosen, c.metric(), r.chosen().getOrDefault(c.metric(), Double.NaN)));
        }
    }

    private static void number(ObjectNode node, String name, double value) {
        if (Double.isFinite(value)) {
            node.put(name, value);
        } else {
            node.putNull(name);
        }
    }

    // The mean of each run of `bucket` consecutive values (NaN where all are).
    static double[] bucketMeans(double[] values, int bucket) {
        double[] means = new double[(values.length + bucket - 1) / bucket];
        for (int b = 0; b < means.length; b++) {
            double sum = 0;
            int n = 0;
            for (int i = b * bucket; i < Math.min(values.length, (b + 1) * bucket); i++) {
                if (!Double.isNaN(values[i])) {
                    sum += values[i];
                    n++;
                }
            }
            means[b] = n == 0 ? Double.NaN : sum / n;
        }
        return means;
    }

    private static String uplotVersion() throws IOException {
        Properties pom = new Properties();
        pom.load(new StringReader(resource(UPLOT_POM)));
        return pom.getProperty("version");
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ComparisonReport.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("klanneal's jar lacks " + name + " (a broken build)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    // The latent and KL plots of the first finished run of each schedule.
    private static void perRunPlots(StringBuilder h, ComparisonPlan plan, List<RunResults> results) throws IOException {
        List<RunResults> firstOfGroup = new ArrayList<>();
        for (String group : plan.groups()) {
            results.stream().filter(r -> r.run().group().equals(group) && r.outcome().succeeded()).findFirst()
                    .ifPresent(firstOfGroup::add);
        }
        StringBuilder latent = new StringBuilder();
        for (RunResults r : firstOfGroup) {
            Path plot = r.lastLatentPlot();
            if (plot != null) {
                image(latent, Files.readAllBytes(plot), r.run().group() + ", seed " + r.run().seed()
                        + ": posterior means of held-out sentences after the last epoch");
            }
        }
        if (latent.length() > 0) {
            h.append("<h2>Latent space (2-D)</h2>\n<div class=\"plots\">\n").append(latent).append("</div>\n");
        }
        StringBuilder heat = new StringBuilder();
        for (RunResults r : firstOfGroup) {
            Path plot = r.dir().resolve(RunDirectory.KL_PER_DIMENSION_PLOT);
            if (Files.isRegularFile(plot)) {
                image(heat, Files.readAllBytes(plot), r.run().group() + ", seed " + r.run().seed() + ": KL per latent dimension");
            }
        }
        if (heat.length() > 0) {
            h.append("<h2>KL per latent dimension</h2>\n<div class=\"plots\">\n").append(heat).append("</div>\n");
        }
    }

    private static void runs(StringBuilder h, List<RunResults> results) {
        h.append("<h2>Runs</h2>\n<table id=\"runs\"><thead><tr><th>run</th><th>status</th><th>collapse alarm</th>");
        List<String> differing = differingOptions(results);
        differing.forEach(o -> h.append("<th>").append(escape(o)).append("</th>"));
        h.append("</tr></thead><tbody>\n");
        for (RunResults r : results) {
            boolean ok = r.outcome().succeeded();
            h.append("<tr><td>").append(escape(r.run().name())).append("</td><td")
                    .append(ok ? ">" : " class=\"failed\">").append(escape(r.outcome().status().word()));
            if (r.outcome().error() != null) {
                h.append(": ").append(escape(r.outcome().error()));
            }
            h.append("</td><td>").append(r.outcome().collapseEpoch() > 0
                    ? "after epoch " + r.outcome().collapseEpoch() : "").append("</td>");
            for (String option : differing) {
                h.append("<td>").append(escape(r.options().path(option).asText(""))).append("</td>");
            }
            h.append("</tr>\n");
        }
        h.append("</tbody></table>\n");
    }

    private static void provenance(StringBuilder h, ComparisonPlan plan, List<RunResults> results) {
        h.append("<p>Options every run shares are in each run's <code>").append(RunDirectory.CONFIG_FILE)
                .append("</code>; the plan is <code>").append(ComparisonPlan.FILE_NAME).append("</code>.</p>\n");
        h.append("<h2>How it was made</h2>\n<pre>").append(escape(plan.command())).append("</pre>\n<p>");
        results.stream().filter(r -> r.versions().isObject()).findFirst().ifPresent(r -> {
            for (Iterator<Map.Entry<String, com.fasterxml.jackson.databind.JsonNode>> it = r.versions().fields(); it.hasNext(); ) {
                var v = it.next();
                h.append(escape(v.getKey())).append(' ').append(escape(v.getValue().asText())).append(it.hasNext() ? " · " : "");
            }
        });
        h.append("</p>\n");
    }

    // Options whose values are not the same in every run that recorded them.
    private static List<String> differingOptions(List<RunResults> results) {
        Set<String> names = new LinkedHashSet<>();
        results.forEach(r -> r.options().fieldNames().forEachRemaining(names::add));
        List<String> differing = new ArrayList<>();
        for (String name : names) {
            Set<String> values = new LinkedHashSet<>();
            results.stream().filter(r -> r.options().size() > 0).forEach(r -> values.add(Objects.toString(r.options().get(name))));
            if (values.size() > 1) {
                differing.add(name);
            }
        }
        return differing;
    }

    private static String label(RunResults r) {
        return r.run().group() + " / seed " + r.run().seed();
    }

    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
        }
        return x;
    }

    // Embedded in the page, and kept as plots/NAME.png for a README or a paper.
    private static void figure(StringBuilder h, XYChart chart, String caption, Path dir, String name)
            throws IOException {
        byte[] png = Charts.png(chart);
        AtomicFiles.write(dir.resolve(PLOTS_DIR).resolve(name + ".png"), out -> out.write(png));
        image(h, png, caption);
    }

    private static void image(StringBuilder h, byte[] png, String caption) {
        h.append("<figure><img alt=\"").append(escape(caption)).append("\" src=\"data:image/png;base64,")
                .append(Base64.getEncoder().encodeToString(png)).append("\"><figcaption>")
                .append(escape(caption)).append("</figcaption></figure>\n");
    }

    private static boolean whole(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15;
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
