package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.klanneal.compare.Packing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code klanneal compare} and {@code klanneal report}, each run a real child process. */
class CompareCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SMALL_TEXT = {
        "--model", "text", "--epochs", "1", "--hidden", "16", "--embedding", "16", "--iw-samples", "0"
    };

    @TempDir Path dir;

    private static String[] args(String[] base, String... more) {
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static JsonNode json(Path file) throws Exception {
        return JSON.readTree(file.toFile());
    }

    @Test
    void oneRunPerScheduleAndSeedOnOneDataSeedThenSkippedThenKilledRunsResumedOrRestarted() throws Exception {
        Path out = dir.resolve("cmp");
        String[] compare = args(args(new String[] {"compare"}, SMALL_TEXT),
                "--schedules", "constant:beta=1;cyclical:cycles=2", "--seeds", "3,4", "--out", out.toString());
        CliRun first = new CliRun();
        assertEquals(0, first.run(compare), first.out + "\n" + first.err);
        JsonNode plan = json(out.resolve("comparison.json"));
        assertEquals(4, plan.get("runs").size());
        List<String> names = List.of("constant-beta-1-seed3", "constant-beta-1-seed4",
                "cyclical-cycles-2-seed3", "cyclical-cycles-2-seed4");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            assertEquals(name, plan.get("runs").get(i).get("name").asText());
            JsonNode options = json(out.resolve(name).resolve("config.json")).get("options");
            assertEquals(name.endsWith("3") ? 3 : 4, options.get("seed").asLong(), name);
            assertEquals(3, options.get("data-seed").asLong(), "every run sees the same data: " + name);
            assertEquals("finished", json(out.resolve(name).resolve("run.json")).get("status").asText());
        }
        // Packed by itself: the threads it gave each run are recorded, and a run trained alone with
        // them computes the same steps.
        Packing packed = Packing.auto(4, java.util.OptionalInt.empty());
        assertTrue(first.out.toString().contains("training 4 runs, " + packed.describe()), first.out.toString());
        Path alone = dir.resolve("alone");
        Path config = out.resolve(names.get(2)).resolve("config.json");
        assertEquals(packed.threads() == 0 ? null : packed.threads(),
                json(config).get("options").get("threads").isNull() ? null : json(config).get("options").get("threads").asInt());
        CliRun train = new CliRun();
        assertEquals(0, train.run("train", "--config", config.toString(), "--out", alone.toString(), "--no-progress"),
                train.err.toString());
        assertEquals(Files.readString(out.resolve(names.get(2)).resolve("steps.csv")), Files.readString(alone.resolve("steps.csv")));
        List<String> summary = Files.readAllLines(out.resolve("summary.csv"));
        assertEquals(3, summary.size(), "a header and one row per schedule");
        assertTrue(summary.get(1).startsWith("constant:beta=1,2,2,1,"), summary.get(1));
        assertTrue(Files.readString(out.resolve("report.html")).contains("cyclical:cycles=2"));
        assertTrue(first.out.toString().contains("report: " + out.resolve("report.html").toAbsolutePath()));

        CliRun second = new CliRun();
        assertEquals(0, second.run(compare), second.out + "\n" + second.err);
        assertEquals(4, second.out.toString().lines().filter(l -> l.endsWith("finished before, skipped")).count(),
                second.out.toString());

        // What SIGKILL leaves: a run.json that still says running; one run killed after its
        // checkpoint, one before it had any (its files half written).
        Path killed = out.resolve(names.get(1));
        Files.writeString(killed.resolve("run.json"), "{\"status\": \"running\"}");
        Path killedEarly = out.resolve(names.get(3));
        Files.writeString(killedEarly.resolve("run.json"), "{\"status\": \"running\"}");
        Files.delete(killedEarly.resolve("metrics.csv"));
        io.klanneal.io.AtomicFiles.deleteTree(killedEarly.resolve("checkpoints"));
        FileTime untouched = FileTime.fromMillis(1_000_000L);
        Path other = out.resolve(names.get(2)).resolve("metrics.csv");
        Files.setLastModifiedTime(other, untouched);
        CliRun third = new CliRun();
        assertEquals(0, third.run(compare), third.out + "\n" + third.err);
        // Each run's first line says whether it continued from a checkpoint.
        assertTrue(third.out.toString().lines().anyMatch(l -> l.matches(names.get(1) + " +resumed .*")), third.out.toString());
        assertTrue(third.out.toString().lines().anyMatch(l -> l.matches(names.get(3) + " +running +epoch 0/.*")),
                third.out.toString());
        assertEquals("finished", json(killed.resolve("run.json")).get("status").asText());
        assertEquals("finished", json(killedEarly.resolve("run.json")).get("status").asText());
        assertTrue(Files.exists(killedEarly.resolve("metrics.csv")));
        assertEquals(untouched, Files.getLastModifiedTime(other), "finished runs are left alone");

        Files.delete(out.resolve("report.html"));
        CliRun report = new CliRun();
        assertEquals(0, report.run("report", out.toString()), report.err.toString());
        assertTrue(Files.exists(out.resolve("report.html")));
        // The same answer in words as the page and summary.md state.
        String answer = report.out.toString().lines().findFirst().orElseThrow();
        assertTrue(answer.startsWith("On this data "), answer);
        assertEquals(answer, Files.readAllLines(out.resolve("summary.md")).get(0));
        assertTrue(Files.readString(out.resolve("report.html")).contains("<p id=\"answer\">On this data "));
    }

    @Test
    void aFailedRunIsReportedAndTheOthersGoOn() throws Exception {
        Path file = dir.resolve("comparison.yaml");
        Files.writeString(file, String.join("\n",
                "options:",
                "  model: text",
                "  epochs: 1",
                "  hidden: 16",
                "  embedding: 16",
                "  iw-samples: 0",
                "runs:",
                "  works:",
                "    schedule: constant:beta=1",
                "  missing-data:",
                "    data: text:" + dir.resolve("no-such-file.txt"),
                "seeds: [1]",
                ""));
        Path out = dir.resolve("cmp");
        CliRun run = new CliRun();
        assertEquals(1, run.run("compare", "--file", file.toString(), "--out", out.toString()));
        assertTrue(run.err.toString().contains("1 of 2 runs did not finish"), run.err.toString());
        assertEquals("finished", json(out.resolve("works-seed1/run.json")).get("status").asText());
        JsonNode failed = json(out.resolve("missing-data-seed1/run.json"));
        assertEquals("failed", failed.get("status").asText());
        assertTrue(failed.get("error").asText().contains("no-such-file.txt"), failed.toString());
        String report = Files.readString(out.resolve("report.html"));
        assertTrue(report.contains("no-such-file.txt"), "the report shows the error");
        assertTrue(Files.readAllLines(out.resolve("summary.csv")).get(2).startsWith("missing-data,1,0,"));
    }

    @Test
    void aWrongScheduleIsOneLineBeforeAnythingIsWritten() {
        Path out = dir.resolve("cmp");
        CliRun run = new CliRun();
        assertEquals(2, run.run("compare", "--schedules", "constant:beta=1;cyclical:cycles=0",
                "--out", out.toString()));
        assertEquals(1, run.err.toString().strip().lines().count(), run.err.toString());
        assertTrue(run.err.toString().startsWith("klanneal: error: "), run.err.toString());
        assertFalse(Files.exists(out));
    }

    @Test
    void aDirectoryHoldingAnotherComparisonIsRefused() throws Exception {
        Path out = dir.resolve("cmp");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        CliRun run = new CliRun();
        assertEquals(2, run.run(args(args(new String[] {"compare"}, SMALL_TEXT), "--out", out.toString())));
        assertTrue(run.err.toString().contains("is not empty"), run.err.toString());
        assertEquals(List.of(out.resolve("notes.txt")), Files.list(out).toList());
    }

    @Test
    void sparkWithoutTheSparkModuleOnTheClasspathSaysWhereItComesFrom() {
        CliRun run = new CliRun();
        assertEquals(2, run.run(args(args(new String[] {"compare"}, SMALL_TEXT), "--spark", "local[2]",
                "--out", dir.resolve("cmp").toString())));
        String error = run.err.toString().strip();
        assertTrue(error.startsWith("klanneal: error: --spark needs the klanneal-spark module and Spark"), error);
        assertEquals(1, error.lines().count(), error);
    }

    @Test
    void jobsAreRefusedWithSpark() {
        CliRun run = new CliRun();
        assertEquals(2, run.run(args(args(new String[] {"compare"}, SMALL_TEXT), "--spark", "local[2]", "--jobs", "2",
                "--out", dir.resolve("cmp").toString())));
        assertTrue(run.err.toString().contains("--jobs is for runs on this machine"), run.err.toString());
    }

    @Test
    void planOnlyWritesThePlanAndTrainsNothing() throws Exception {
        Path out = dir.resolve("cmp");
        CliRun run = new CliRun();
        assertEquals(0, run.run(args(args(new String[] {"compare"}, SMALL_TEXT), "--plan-only", "--out", out.toString())));
        assertEquals(3, json(out.resolve("comparison.json")).get("runs").size());
        assertTrue(Files.isRegularFile(out.resolve("plan/cyclical-seed1.json")));
        assertFalse(Files.exists(out.resolve("cyclical-seed1")), "no run was trained");
    }
}
