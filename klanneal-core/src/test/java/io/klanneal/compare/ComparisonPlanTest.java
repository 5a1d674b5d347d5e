package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Expanding, reading and writing comparison plans. */
class ComparisonPlanTest {

    @TempDir Path dir;

    private static ObjectNode options(String... keyValues) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node;
    }

    @Test
    void everyGroupRunsWithEverySeedOnTheFirstSeedsData() {
        Map<String, ObjectNode> groups = new LinkedHashMap<>();
        groups.put("constant:beta=1", options("schedule", "constant:beta=1"));
        groups.put("cyclical", options("schedule", "cyclical"));
        ComparisonPlan plan = ComparisonPlan.expand("cmd", options("model", "text"), groups, List.of(5L, 6L));
        assertEquals(List.of("constant-beta-1-seed5", "constant-beta-1-seed6", "cyclical-seed5", "cyclical-seed6"),
                plan.runs().stream().map(ComparisonPlan.PlannedRun::name).toList());
        for (ComparisonPlan.PlannedRun run : plan.runs()) {
            assertEquals(run.seed(), run.options().get("seed").asLong());
            assertEquals(5, run.options().get("data-seed").asLong());
            assertEquals("text", run.options().get("model").asText());
        }
        assertEquals(List.of("constant:beta=1", "cyclical"), plan.groups());
    }

    @Test
    void aWrittenPlanReadsBackAsTheSameRuns() throws IOException {
        ComparisonPlan plan = ComparisonPlan.expand("cmd", options("model", "text"),
                Map.of("monotonic", options("schedule", "monotonic")), List.of(1L, 2L)).resolved();
        plan.write(dir);
        ComparisonPlan read = ComparisonPlan.read(dir);
        assertTrue(read.sameRunsAs(plan));
        assertEquals("cmd", read.command());
        assertTrue(Files.readString(dir.resolve("plan/monotonic-seed2.json")).contains("klanneal-config/2"));
    }

    @Test
    void resolvingMakesDataPathsAbsoluteAndLeavesThePlanItCameFromAlone() {
        ComparisonPlan plan = ComparisonPlan.expand("cmd", options("model", "text", "data", "text:corpus.txt"),
                Map.of("cyclical", options("schedule", "cyclical")), List.of(1L));
        ComparisonPlan resolved = plan.resolved();
        String data = resolved.runs().get(0).options().get("data").asText();
        assertEquals("text:" + Path.of("corpus.txt").toAbsolutePath().normalize(), data);
        assertEquals("text:corpus.txt", plan.runs().get(0).options().get("data").asText());
    }

    @Test
    void aYamlFileGivesOptionsRunsAndSeedsAndTheCommandLineOverridesItsOptions() throws IOException {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "options:\n  model: text\n  epochs: 3\nruns:\n  warm:\n    schedule: monotonic\nseeds: [7, 8]\n");
        ObjectNode overrides = JsonNodeFactory.instance.objectNode().put("epochs", 5);
        ComparisonPlan plan = ComparisonPlan.fromFile(file, "cmd", overrides);
        assertEquals(2, plan.runs().size());
        assertEquals(5, plan.runs().get(0).options().get("epochs").asInt());
        assertEquals("warm-seed7", plan.runs().get(0).name());
    }

    @Test
    void aFileWithAnUnknownKeyOrNoRunsIsNamed() throws IOException {
        Path unknown = dir.resolve("u.json");
        Files.writeString(unknown, "{\"runs\": {\"a\": {}}, \"seed\": [1]}");
        assertTrue(assertThrows(IOException.class, () -> ComparisonPlan.fromFile(unknown, "", options()))
                .getMessage().contains("unknown key \"seed\""));
        Path empty = dir.resolve("e.json");
        Files.writeString(empty, "{\"options\": {}}");
        assertTrue(assertThrows(IOException.class, () -> ComparisonPlan.fromFile(empty, "", options()))
                .getMessage().contains("\"runs\" must map"));
    }

    @Test
    void resolvingNamesTheRunAndTheOptionThatIsWrong() {
        ComparisonPlan plan = ComparisonPlan.expand("cmd", options("model", "dense"),
                Map.of("wd", options("word-dropout", "0.5")), List.of(1L));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, plan::resolved);
        assertTrue(e.getMessage().startsWith("run wd-seed1: "), e.getMessage());
        assertTrue(e.getMessage().contains("word-dropout"), e.getMessage());
    }
}
