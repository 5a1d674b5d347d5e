package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Opens a real comparison's {@code report.html} in Debian's headless Chromium: every image decodes,
 * the table has one row per schedule, and nothing is fetched from anywhere. Saves a screenshot to
 * {@code target/report-screenshot.png}.
 */
class ReportInBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir Path dir;

    @Test
    void theReportOpensOfflineWithEveryImageAndOneRowPerSchedule() throws Exception {
        boolean installed = Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
        if (System.getenv("CI") != null) {
            assertTrue(installed, "CI installs Debian's chromium and chromium-driver (.ci/run)");
        }
        assumeTrue(installed, "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)");

        Path out = dir.resolve("cmp");
        CliRun compare = new CliRun();
        assertEquals(0, compare.run("compare", "--model", "text", "--epochs", "2", "--hidden", "16",
                "--embedding", "16", "--iw-samples", "0", "--out", out.toString()), compare.out + "\n" + compare.err);

        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1300,3200", "--user-data-dir=" + dir.resolve("profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .build();
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.get(out.resolve("report.html").toUri().toString());
            JavascriptExecutor js = browser;
            @SuppressWarnings("unchecked")
            List<Long> widths = (List<Long>) js.executeScript(
                    "return Array.from(document.images).map(i => i.complete ? i.naturalWidth : 0)");
            // 5 curves + beta, and per schedule a latent scatter and a KL heat map.
            assertEquals(12, widths.size(), "images: " + widths);
            assertTrue(widths.stream().allMatch(w -> w > 0), "every image decodes: " + widths);
            assertEquals(3, browser.findElements(By.cssSelector("#summary tbody tr")).size());
            assertEquals(0L, js.executeScript("return performance.getEntriesByType('resource').length"),
                    "the page fetched nothing");
            assertEquals(0L, js.executeScript(
                    "return Array.from(document.querySelectorAll('[src],[href]'))"
                            + ".filter(e => !(e.getAttribute('src') || e.getAttribute('href')).startsWith('data:')).length"),
                    "every src and href is embedded");
            Path shot = Path.of("target", "report-screenshot.png");
            Files.createDirectories(shot.getParent());
            Files.write(shot, browser.getScreenshotAs(OutputType.BYTES));
        } finally {
            browser.quit();
        }
    }
}
