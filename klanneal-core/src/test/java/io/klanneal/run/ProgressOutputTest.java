package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.klanneal.config.OutputOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Progress written to a log or pipe (no terminal) is one line per epoch, without a redrawn bar. */
class ProgressOutputTest {

    @TempDir Path dir;

    @Test
    void progressIntoALogIsOneLinePerEpochWithoutCarriageReturns() throws Exception {
        assertNull(System.console(), "the test JVM writes to a pipe, as a log would");
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            TrainRun.run(SmallRuns.dense(dir.resolve("run")).set(OutputOptions.PROGRESS, true).build());
        } finally {
            System.setOut(original);
        }
        String output = captured.toString(StandardCharsets.UTF_8);
        assertFalse(output.contains("\r"), output);
        assertEquals(2, output.lines().filter(l -> l.startsWith("epoch ")).count(), output);
        assertFalse(output.contains("Epoch 1/2"), "no progress bar: " + output);
    }
}
