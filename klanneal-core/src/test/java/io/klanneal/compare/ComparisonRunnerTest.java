package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.io.StorageException;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a comparison starts the process of one run, and stops when its device is full. */
class ComparisonRunnerTest {

    @TempDir Path dir;

    @Test
    void aRunsProcessKeepsFreedMemoryForReuseUnlessTheEnvironmentSaysOtherwise() throws Exception {
        // A stand-in for `klanneal train` that prints the allocator settings it was given.
        ComparisonRunner.Launcher printEnvironment = (config, out, threads, resume) ->
                List.of("sh", "-c", "echo mmap_max=${MALLOC_MMAP_MAX_-unset} trim=${MALLOC_TRIM_THRESHOLD_-unset}");
        ComparisonRunner.Started started =
                ComparisonRunner.start(dir, "run-1", dir.resolve("config.json"), printEnvironment, 0);
        assertTrue(started.process().waitFor(30, TimeUnit.SECONDS));
        String expected = System.getenv("MALLOC_MMAP_MAX_") == null
                ? "mmap_max=0"
                : "mmap_max=" + System.getenv("MALLOC_MMAP_MAX_");
        String log = Files.readString(started.log());
        assertTrue(log.startsWith(expected + " trim="), log);
        assertEquals(1, log.lines().count(), log);
    }

    @Test
    void aRunThatRanOutOfRoomStopsTheComparisonWithOneLineNamingItsDirectoryAndTheRunsAfterItWait()
            throws Exception {
        ObjectNode options = JsonNodeFactory.instance.objectNode().put("epochs", 1);
        ComparisonPlan plan = ComparisonPlan.expand(
                "klanneal compare", options, Map.of("constant", JsonNodeFactory.instance.objectNode()), List.of(1L, 2L, 3L));
        plan.write(dir);
        // A stand-in for `klanneal train` on a full device: its run.json says so, as TrainRun writes it.
        ComparisonRunner.Launcher outOfRoom = (config, out, threads, resume) -> List.of("sh", "-c",
                "mkdir -p " + out + " && printf '{\"status\":\"failed\",\"error\":\"%s\"}' '" + out
                        + " ran out of room on its device (12 KB free); free space, then klanneal train --resume "
                        + out + "' > " + out + "/run.json; exit 1");
        StringWriter console = new StringWriter();
        StorageException e = assertThrows(StorageException.class,
                () -> new ComparisonRunner(dir, plan, outOfRoom, new Packing(1, 0), new PrintWriter(console), false).run());
        assertTrue(e.getMessage().startsWith(dir + " ran out of room on its device ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(" free); free space, then run the same compare again"
                + " (finished runs are kept, the others resume)"), e.getMessage());
        List<ComparisonPlan.PlannedRun> runs = plan.runs();
        assertEquals(RunStatus.FAILED, RunRecord.read(dir.resolve(runs.get(0).name())).status());
        for (ComparisonPlan.PlannedRun waiting : runs.subList(1, runs.size())) {
            assertFalse(Files.exists(dir.resolve(waiting.name())), waiting.name() + " was not started");
        }
    }
}
