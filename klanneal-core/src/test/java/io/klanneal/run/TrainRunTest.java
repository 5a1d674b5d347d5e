package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.klanneal.config.DataOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.data.ImageSources;
import io.klanneal.io.CsvFiles;
import io.klanneal.report.CollapseAlarm;
import io.klanneal.schedule.Progress;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.train.EpochSummary;
import io.klanneal.train.TrainingHistory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainRunTest {

    @TempDir Path dir;

    private static TrainConfig.Builder small(Path out) {
        return SmallRuns.dense(out)
                .set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("cyclical:cycles=2,ratio=0.5"));
    }

    @Test
    void everyForwardPassUsesTheScheduleValueOfItsOwnStep() throws Exception {
        TrainingHistory history = TrainRun.run(small(dir.resolve("run")).build());
        ScheduleSpec spec = ScheduleSpec.parse("cyclical:cycles=2,ratio=0.5");
        assertEquals(20, history.steps(), "640 examples / 64 per batch * 2 epochs");
        for (int i = 0; i < history.steps(); i++) {
            double expected = spec.pure().orElseThrow().beta(new Progress(i, 20, 10));
            assertEquals((float) expected, history.beta(i), "beta of step " + i);
        }
    }

    @Test
    void writesMetricsStepsPlotsAndParameters() throws Exception {
        Path out = dir.resolve("run");
        TrainRun.run(small(out).build());
        List<String> metrics = Files.readAllLines(out.resolve("metrics.csv"));
        assertEquals(CsvFiles.METRICS_HEADER + ",validation_bits_per_dim," + CollapseAlarm.COLUMN, metrics.get(0));
        assertEquals(3, metrics.size(), "header and one row per epoch");
        assertEquals(13, metrics.get(1).split(",").length, "every header column has a value");
        List<String> steps = Files.readAllLines(out.resolve("steps.csv"));
        assertEquals(CsvFiles.STEPS_HEADER, steps.get(0));
        assertEquals(21, steps.size(), "header and one row per step");
        assertTrue(steps.get(20).startsWith("19,2,"), steps.get(20));
        for (String png : new String[] {"losses.png", "beta.png"}) {
            byte[] bytes = Files.readAllBytes(out.resolve(png));
            assertTrue(bytes.length > 1000 && bytes[1] == 'P' && bytes[2] == 'N', png);
        }
        assertTrue(Files.size(out.resolve("model/dense-vae-0000.params")) > 0);
        try (var left = Files.list(out)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith(".")),
                    "no temporary files are left behind");
        }
    }

    @Test
    void theSameSeedGivesTheSameMetrics() throws Exception {
        TrainRun.run(small(dir.resolve("a")).build());
        TrainRun.run(small(dir.resolve("b")).build());
        assertEquals(withoutSeconds(dir.resolve("a")), withoutSeconds(dir.resolve("b")));
        assertEquals(
                Files.readString(dir.resolve("a/steps.csv")),
                Files.readString(dir.resolve("b/steps.csv")));
    }

    private static String withoutSeconds(Path run) throws IOException {
        int seconds = List.of(CsvFiles.METRICS_HEADER.split(",")).indexOf("seconds");
        return Files.readAllLines(run.resolve("metrics.csv")).stream()
                .map(line -> {
                    List<String> cells = new ArrayList<>(List.of(line.split(",", -1)));
                    cells.remove(seconds);
                    return String.join(",", cells);
                })
                .collect(Collectors.joining("\n"));
    }

    @Test
    void refusesAnOutputDirectoryThatHoldsFiles() throws Exception {
        Path out = Files.createDirectories(dir.resolve("used"));
        Files.writeString(out.resolve("metrics.csv"), "precious");
        IOException e = assertThrows(IOException.class, () -> TrainRun.run(small(out).build()));
        assertTrue(e.getMessage().contains("not empty"), e.getMessage());
        assertEquals("precious", Files.readString(out.resolve("metrics.csv")));
    }

    @Test
    void shortFashionMnistRunLowersValidationElbo() throws Exception {
        assumeTrue(
                Files.isDirectory(ImageSources.FASHION_MNIST) || System.getenv("CI") != null,
                "Fashion-MNIST is not installed: apt-get install -y dataset-fashion-mnist");
        TrainingHistory history =
                TrainRun.run(
                        TrainConfig.builder()
                                .setOut(dir.resolve("fashion"))
                                .set(DataOptions.DATA, "fashion-mnist")
                                .set(ScheduleOptions.SCHEDULE, NamedSchedule.parse("constant:beta=1"))
                                .set(OptimisationOptions.EPOCHS, 3)
                                .set(DataOptions.TRAIN_LIMIT, 3000)
                                .set(OutputOptions.PROGRESS, false)
                                .build());
        List<EpochSummary> epochs = history.epochs();
        double first = epochs.get(0).validation().elbo();
        double last = epochs.get(2).validation().elbo();
        assertTrue(last < first, "validation -ELBO went from " + first + " to " + last);
        // An untrained decoder (logits ~ 0) costs 784 * ln 2 = 543 nats.
        assertTrue(last < 400, "validation -ELBO after 3 epochs: " + last);
    }
}
