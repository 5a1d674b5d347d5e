package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.record.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** compare's live lines: redrawn in place at a terminal, few and complete in a pipe. */
class ComparisonProgressTest {

    private static final long SECOND = 1_000_000_000L;

    private final StringWriter out = new StringWriter();
    private long now;

    private ComparisonProgress progress(boolean terminal) {
        ComparisonProgress progress = new ComparisonProgress(new PrintWriter(out), terminal, () -> now);
        progress.planned("a", 40);
        progress.planned("b", 40);
        return progress;
    }

    @Test
    void inAPipeARunGetsALineAtMostEveryTenSecondsAndOneAtItsEnd() {
        ComparisonProgress progress = progress(false);
        progress.started("a", false, 0);
        for (int second = 1; second <= 25; second++) {
            now = second * SECOND;
            progress.progressed("a", second, 0.5 + second);
        }
        now = 26 * SECOND;
        progress.ended("a", RunStatus.FINISHED, 40, 3.25);
        List<String> lines = out.toString().lines().toList();
        assertEquals(List.of(
                "a  running        epoch 0/40  KL -  0m00s",
                "a  running        epoch 10/40  KL 10.500  0m10s",
                "a  running        epoch 20/40  KL 20.500  0m20s",
                "a  finished       epoch 40/40  KL 3.250  0m26s"), lines);
    }

    @Test
    void inAPipeNothingIsPrintedWhenOnlyTheClockMoved() {
        ComparisonProgress progress = progress(false);
        progress.started("b", false, 0);
        now = 60 * SECOND;
        progress.progressed("b", 0, Double.NaN);
        assertEquals(1, out.toString().lines().count(), out.toString());
    }

    @Test
    void atATerminalEveryRunsLineIsRedrawnInPlace() {
        ComparisonProgress progress = progress(true);
        progress.started("a", false, 0);
        now = 5 * SECOND;
        progress.progressed("a", 3, 1.0);
        String text = out.toString();
        // The second drawing moves up over the first's two lines and clears each before rewriting it.
        int second = text.indexOf("\033[2A");
        assertTrue(second > 0, text);
        assertTrue(text.substring(second).contains("\r\033[2Ka  running        epoch 3/40  KL 1.000  0m05s\n"), text);
        assertTrue(text.substring(second).contains("\r\033[2Kb  waiting        epoch 0/40  KL -\n"), text);
    }
}
