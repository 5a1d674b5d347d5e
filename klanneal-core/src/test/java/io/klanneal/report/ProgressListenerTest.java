package io.klanneal.report;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.train.TrainingHistory;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The progress bar on a terminal. */
class ProgressListenerTest {

    @Test
    void theLastRedrawOfAnEpochShowsItsLastStep() {
        int steps = 7;
        TrainingHistory history = new TrainingHistory(0);
        ProgressListener listener = new ProgressListener(history, steps, 1, true);
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int done = 1; done <= steps; done++) {
                float[] betas = new float[done];
                for (int i = 0; i < done; i++) {
                    betas[i] = (i + 1) / 10f; // step i trained at beta (i+1)/10: the last at 0.7
                }
                history.restore(new TrainingHistory.Snapshot(
                        betas, new float[done], new float[done], new float[done], List.of(), List.of(), null));
                listener.onTrainingBatch(null, null);
            }
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        String[] redraws = output.split("\r");
        String last = redraws[redraws.length - 1];
        assertTrue(last.contains("100%") && last.contains("beta 0.700"), "last redraw: " + last);
    }
}
