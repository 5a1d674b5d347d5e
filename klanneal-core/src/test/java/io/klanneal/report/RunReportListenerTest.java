package io.klanneal.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.record.RunDirectory;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSVs follow every epoch; the plots the first, then at most every 10 s, and the last. */
class RunReportListenerTest {

    private static final int STEPS_PER_EPOCH = 2;

    @TempDir Path dir;

    // The history after `epochs` epochs whose losses fall.
    private static void advance(TrainingHistory history, int epochs) {
        List<EpochSummary> summaries = new ArrayList<>();
        for (int e = 1; e <= epochs; e++) {
            EpochSummary.MeanTerms terms = new EpochSummary.MeanTerms(100 - e, 1, 101 - e, new double[] {0.5, 0.5});
            summaries.add(new EpochSummary(e, 1f, terms, terms, 0.1));
        }
        float[] steps = new float[epochs * STEPS_PER_EPOCH];
        java.util.Arrays.fill(steps, 1f);
        history.restore(new TrainingHistory.Snapshot(
                steps, steps, steps, steps, summaries, Collections.nCopies(epochs, Map.of()), null));
    }

    @Test
    void plotsAreDrawnAfterTheFirstEpochThenNotWithinTheIntervalThenOnceAtTheEnd() throws Exception {
        RunDirectory run = RunDirectory.create(dir.resolve("run"));
        TrainingHistory history = new TrainingHistory(0);
        RunReportListener report = new RunReportListener(run, history, STEPS_PER_EPOCH);
        Path losses = run.resolve(RunDirectory.LOSSES_PLOT);

        advance(history, 1);
        report.onEpoch(null);
        byte[] first = Files.readAllBytes(losses);
        for (String plot : List.of(RunDirectory.BETA_PLOT, RunDirectory.KL_PER_DIMENSION_PLOT)) {
            assertTrue(Files.size(run.resolve(plot)) > 1000, plot);
        }

        // Short epochs, well within the interval: their rows are written, the plots left as they were.
        for (int epochs = 2; epochs <= 3; epochs++) {
            advance(history, epochs);
            report.onEpoch(null);
            assertEquals(epochs + 1, Files.readAllLines(run.resolve(RunDirectory.METRICS_FILE)).size());
            assertEquals(epochs * STEPS_PER_EPOCH + 1, Files.readAllLines(run.resolve(RunDirectory.STEPS_FILE)).size());
        }
        assertArrayEquals(first, Files.readAllBytes(losses), "not redrawn within " + RunReportListener.PLOT_INTERVAL);

        report.finish();
        assertFalse(java.util.Arrays.equals(first, Files.readAllBytes(losses)), "the end draws all 3 epochs");
        Files.delete(losses);
        report.finish();
        assertFalse(Files.exists(losses), "nothing new to draw, nothing drawn");
    }
}
