package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a comparison starts the process of one run. */
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
}
