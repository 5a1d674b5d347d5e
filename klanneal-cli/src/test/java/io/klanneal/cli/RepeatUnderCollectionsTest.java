package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.klanneal.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two toy text runs at one thread, each in a JVM whose young generation is collected every few
 * steps, end identical. Before constants under autograd lived in the engine's memory
 * ({@code io.klanneal.model.Scalars}), a collection between a step's forward and backward pass
 * freed a constant backward still read, and runs set up like these differed every time (3 distinct
 * results in 3 runs; docs/benchmarks.md, issue 27).
 */
class RepeatUnderCollectionsTest {

    private static final List<String> FREQUENT_COLLECTIONS = List.of("-XX:+UseSerialGC", "-Xmn2m");

    @TempDir Path dir;

    @Test
    void twoTextRunsWithACollectionEveryFewStepsAreIdentical() throws Exception {
        // 10 epochs, 320 steps: before the fix the runs parted within the first few.
        List<Process> runs = new ArrayList<>();
        for (String name : List.of("a", "b")) {
            runs.add(CliRun.start(FREQUENT_COLLECTIONS, List.of("train", "--model", "text", "--epochs", "10",
                    "--threads", "1", "--checkpoint-every", "3", "--no-progress", "--out", dir.resolve(name).toString()),
                    dir.resolve(name + ".log")));
        }
        for (int i = 0; i < runs.size(); i++) {
            Path log = dir.resolve(List.of("a", "b").get(i) + ".log");
            assertEquals(0, runs.get(i).waitFor(), Files.exists(log) ? Files.readString(log) : "");
        }
        assertEquals(Files.readString(dir.resolve("a/steps.csv")), Files.readString(dir.resolve("b/steps.csv")));
        assertEquals(RunFiles.metrics(dir.resolve("a")), RunFiles.metrics(dir.resolve("b")));
    }
}
