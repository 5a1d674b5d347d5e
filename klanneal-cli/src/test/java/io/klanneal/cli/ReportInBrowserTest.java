package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumNetworkConditions;
import org.openqa.selenium.interactions.Actions;

/**
 * Opens a real comparison's {@code report.html} (a small sweep: two runs that differ in schedule and
 * word dropout, two seeds each) in Debian's headless Chromium with the network switched off, and
 * uses it as a person would: every image decodes, nothing is fetched, hovering a chart shows every
 * run's metrics.csv value and each schedule's mean and sd, a legend click hides a run, the
 * smoothing slider smooths the per-step curves, the summary sorts by a column, and the sweep view
 * plots each run's outcome against each varied option. Saves screenshots of the top of the page, of
 * an open tooltip and of the sweep to {@code target/}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // one comparison and one browser for all the checks
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    // Legend label -> run directory of the comparison below.
    private static final Map<String, String> RUNS = new LinkedHashMap<>();

    static {
        RUNS.put("constant / seed 1", "constant-seed1");
        RUNS.put("constant / seed 2", "constant-seed2");
        RUNS.put("cyclical / seed 1", "cyclical-seed1");
        RUNS.put("cyclical / seed 2", "cyclical-seed2");
    }

    private Path dir;
    private Path out;
    private ChromeDriver browser;

    @BeforeAll
    void compareAndOpenTheReportOffline(@TempDir Path tempDir) throws Exception {
        dir = tempDir;
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null) {
            assertTrue(installed, "CI installs Debian's chromium and chromium-driver (.ci/run)");
        }
        assumeTrue(installed, "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");

        out = dir.resolve("cmp");
        // A small sweep: the schedule and the word dropout vary together, two seeds each.
        Path file = dir.resolve("comparison.json");
        Files.writeString(file, "{\"options\": {\"model\": \"text\", \"epochs\": 2, \"hidden\": 16,"
                + " \"embedding\": 16, \"iw-samples\": 0},"
                + " \"runs\": {\"constant\": {\"schedule\": \"constant:beta=1\"},"
                + " \"cyclical\": {\"schedule\": \"cyclical\", \"word-dropout\": 0.4}}, \"seeds\": [1, 2]}");
        CliRun compare = new CliRun();
        assertEquals(0, compare.run("compare", "--file", file.toString(), "--out", out.toString()),
                compare.out + "\n" + compare.err);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000", "--user-data-dir=" + dir.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .build();
        browser = new ChromeDriver(service, options);
        ChromiumNetworkConditions offline = new ChromiumNetworkConditions();
        offline.setOffline(true);
        browser.setNetworkConditions(offline);
        browser.get(out.resolve("report.html").toUri().toString());
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void theReportOpensOfflineWithEveryImageAndOneRowPerSchedule() throws Exception {
        List<?> widths = (List<?>) js("return Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)");
        // 5 curves + beta, and per schedule a latent scatter and a KL heat map.
        assertEquals(10, widths.size(), "images: " + widths);
        assertTrue(widths.stream().allMatch(w -> ((Long) w) > 0), "every image decodes: " + widths);
        assertEquals(2, browser.findElements(By.cssSelector("#summary tbody tr")).size());
        assertEquals(List.of("validation_kl", "validation_reconstruction", "validation_elbo", "active_units",
                        "mutual_information", "step-beta", "step-kl", "step-reconstruction"),
                js("return Object.keys(window.klannealCharts)"), "the interactive charts");
        assertEquals(0L, js("return performance.getEntriesByType('resource').length"), "the page fetched nothing");
        assertEquals(0L, js("return Array.from(document.querySelectorAll('[src],[href]'))"
                        + ".filter(e => !(e.getAttribute('src') || e.getAttribute('href')).startsWith('data:')).length"),
                "every src and href is embedded");
        js("window.scrollTo(0, 0)");
        screenshot("report-top.png");
    }

    @Test
    void hoveringAnEpochShowsEveryRunsMetricsCsvValueAndEachSchedulesMeanAndSd() throws Exception {
        hover("validation_kl", 2);
        Map<String, String> legend = legend("validation_kl");
        Map<String, Double> byRun = new LinkedHashMap<>();
        for (Map.Entry<String, String> run : RUNS.entrySet()) {
            double expected = metric(run.getValue(), 2, "validation_kl");
            byRun.put(run.getKey(), expected);
            double shown = Double.parseDouble(legend.get(run.getKey()));
            assertEquals(expected, shown, Math.abs(expected) * 1e-4, run.getKey() + " at epoch 2: " + legend);
        }
        for (String group : List.of("constant", "cyclical")) {
            double a = byRun.get(group + " / seed 1");
            double b = byRun.get(group + " / seed 2");
            String[] meanSd = legend.get(group + " mean ± sd").split(" ± ");
            assertEquals((a + b) / 2, Double.parseDouble(meanSd[0]), Math.abs(a + b) * 1e-4, group + ": " + legend);
            double sd = Math.abs(a - b) / Math.sqrt(2);
            assertEquals(sd, Double.parseDouble(meanSd[1]), Math.max(sd * 1e-3, 1e-9), group + ": " + legend);
        }
        screenshot("report-tooltip.png");
    }

    @Test
    void aLegendClickHidesThatRunsLine() {
        WebElement entry = browser.findElements(By.cssSelector("#chart-validation_elbo .u-legend .u-series")).get(1);
        js("arguments[0].scrollIntoView({block: 'center'})", entry);
        String before = (String) js("return klannealCharts['validation_elbo'].ctx.canvas.toDataURL()");
        assertEquals(true, js("return klannealCharts['validation_elbo'].series[1].show"));
        WebElement label = entry.findElement(By.cssSelector(".u-label"));
        label.click();
        assertEquals(false, js("return klannealCharts['validation_elbo'].series[1].show"), "hidden after a click");
        assertNotEquals(before, js("return klannealCharts['validation_elbo'].ctx.canvas.toDataURL()"), "redrawn without it");
        label.click();
        assertEquals(true, js("return klannealCharts['validation_elbo'].series[1].show"), "shown again");
    }

    @Test
    void theSmoothingSliderSmoothsThePerStepKlAndZeroShowsTheRawSteps() throws Exception {
        double[] raw = steps(RUNS.get((String) js("return klannealCharts['step-kl'].series[1].label")), "kl");
        slide(0);
        double[] shown = series("step-kl", 1);
        assertEquals(raw.length, shown.length);
        for (int i = 0; i < raw.length; i++) {
            assertEquals(raw[i], shown[i], Math.abs(raw[i]) * 1e-6, "step " + i);
        }
        slide(0.9);
        double[] smoothed = series("step-kl", 1);
        assertEquals(raw[0], smoothed[0], Math.abs(raw[0]) * 1e-6, "a smoothed curve starts at its first value");
        assertTrue(variation(smoothed) < variation(raw), "smoother: " + variation(smoothed) + " vs " + variation(raw));
        assertEquals(raw.length, series("step-beta", 1).length);
    }

    @Test
    void theSummarySortsByAClickedColumnAndReversesOnASecondClick() {
        WebElement heading = browser.findElements(By.cssSelector("#summary thead th")).stream()
                .filter(th -> th.getText().equals("-ELBO")).findFirst().orElseThrow();
        heading.click();
        List<Double> ascending = elboColumn();
        List<Double> sorted = new ArrayList<>(ascending);
        sorted.sort(null);
        assertEquals(sorted, ascending);
        heading.click();
        List<Double> descending = elboColumn();
        sorted.sort((a, b) -> Double.compare(b, a));
        assertEquals(sorted, descending);
    }

    @Test
    void aSweepPlotsEachRunsChosenOutcomeAgainstEveryVariedOption() throws IOException {
        List<WebElement> plots = browser.findElements(By.cssSelector("#sweep .sweep-plot"));
        assertEquals(List.of("schedule", "word-dropout"), plots.stream().map(p -> p.getAttribute("data-option")).toList(),
                "the options the runs vary, seed aside");
        for (WebElement plot : plots) {
            List<WebElement> dots = plot.findElements(By.cssSelector("circle"));
            assertEquals(RUNS.size(), dots.size(), "one dot per run");
            List<WebElement> byValue = new ArrayList<>(dots);
            byValue.sort((a, b) -> Double.compare(value(a), value(b)));
            for (int i = 1; i < byValue.size(); i++) {
                assertTrue(cy(byValue.get(i)) <= cy(byValue.get(i - 1)), "a larger -ELBO is drawn higher");
            }
        }
        // Each schedule's dots average to its row of the summary table.
        for (String group : List.of("constant", "cyclical")) {
            double mean = plots.get(0).findElements(By.cssSelector("circle")).stream()
                    .filter(d -> d.getAttribute("data-run").startsWith(group + " /"))
                    .mapToDouble(ReportInBrowserTest::value).average().orElseThrow();
            String row = (String) js("const t = document.getElementById('summary');"
                    + "const c = Array.from(t.tHead.rows[0].cells).findIndex(th => th.textContent.startsWith('-ELBO'));"
                    + "return Array.from(t.tBodies[0].rows).find(r => r.cells[0].textContent === arguments[0]).cells[c].textContent",
                    group);
            assertEquals(Double.parseDouble(row.split(" ± ")[0]), mean, 0.006, group + ": " + row);
        }
        js("document.getElementById('sweep').scrollIntoView()");
        screenshot("report-sweep.png");
        String elbo = plots.get(0).findElements(By.cssSelector("circle")).get(0).getAttribute("data-value");
        js("const s = document.getElementById('sweep-outcome');"
                + "s.value = Array.from(s.options).find(o => o.textContent === 'KL').value;"
                + "s.dispatchEvent(new Event('change'))");
        WebElement first = browser.findElements(By.cssSelector("#sweep .sweep-plot")).get(0);
        assertTrue(first.getText().startsWith("KL against schedule"), first.getText());
        assertNotEquals(elbo, first.findElements(By.cssSelector("circle")).get(0).getAttribute("data-value"));
    }

    private static double value(WebElement dot) {
        return Double.parseDouble(dot.getAttribute("data-value"));
    }

    private static double cy(WebElement dot) {
        return Double.parseDouble(dot.getAttribute("cy"));
    }

    private Object js(String script, Object... args) {
        return browser.executeScript(script, args);
    }

    // Moves the mouse over a chart at x = value, as a person would.
    private void hover(String chart, double x) {
        WebElement over = browser.findElement(By.cssSelector("#chart-" + chart + " .u-over"));
        js("arguments[0].scrollIntoView({block: 'center'})", over);
        Number offset = (Number) js("const u = klannealCharts[arguments[0]];"
                + "return u.valToPos(arguments[1], 'x') - u.over.getBoundingClientRect().width / 2", chart, x);
        // A pixel inside the plot when x is its last value; the cursor snaps to the nearest point.
        offset = Math.min(offset.doubleValue(), over.getSize().getWidth() / 2.0 - 2);
        new Actions(browser).moveToElement(over, offset.intValue(), 0).perform();
    }

    private Map<String, String> legend(String chart) {
        Map<String, String> values = new LinkedHashMap<>();
        for (WebElement row : browser.findElements(By.cssSelector("#chart-" + chart + " .u-legend .u-series"))) {
            String label = (String) js("return arguments[0].querySelector('.u-label').textContent", row);
            values.put(label.replaceAll(":$", ""), (String) js("return arguments[0].querySelector('.u-value').textContent", row));
        }
        return values;
    }

    private void slide(double weight) {
        js("const s = document.getElementById('smoothing'); s.value = arguments[0];"
                + "s.dispatchEvent(new Event('input'))", String.valueOf(weight));
    }

    private double[] series(String chart, int index) {
        List<?> values = (List<?>) js("return klannealCharts[arguments[0]].data[arguments[1]]", chart, index);
        return values.stream().mapToDouble(v -> ((Number) v).doubleValue()).toArray();
    }

    private List<Double> elboColumn() {
        List<?> cells = (List<?>) js("const t = document.getElementById('summary');"
                + "const c = Array.from(t.tHead.rows[0].cells).findIndex(th => th.textContent.startsWith('-ELBO'));"
                + "return Array.from(t.tBodies[0].rows).map(r => parseFloat(r.cells[c].textContent))");
        return cells.stream().map(v -> ((Number) v).doubleValue()).toList();
    }

    private static double variation(double[] values) {
        double sum = 0;
        for (int i = 1; i < values.length; i++) {
            sum += Math.abs(values[i] - values[i - 1]);
        }
        return sum;
    }

    private double metric(String run, int epoch, String column) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(run).resolve("metrics.csv"));
        int c = Arrays.asList(lines.get(0).split(",")).indexOf(column);
        return Double.parseDouble(lines.get(epoch).split(",")[c]);
    }

    private double[] steps(String run, String column) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve(run).resolve("steps.csv"));
        int c = Arrays.asList(lines.get(0).split(",")).indexOf(column);
        return lines.stream().skip(1).mapToDouble(l -> Double.parseDouble(l.split(",")[c])).toArray();
    }

    private void screenshot(String name) throws IOException {
        Path shot = Path.of("target", name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
    }
}
