package io.klanneal.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The names of checkpoints: what a saved one is called, and what is read back as one. */
class CheckpointStoreTest {

    @TempDir Path dir;

    @Test
    void aSavedCheckpointsNameGivesBackItsStepAndNothingElseDoes() throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 3);
        List<String> names = new ArrayList<>();
        for (long step : new long[] {7, 12_345_678_901L}) {
            names.add(store.save(step, Map.of("a.bin", out -> out.write(1)), JsonNodeFactory.instance.objectNode())
                    .getFileName().toString());
        }
        assertEquals(OptionalLong.of(7), CheckpointStore.stepOf(names.get(0)));
        assertEquals(OptionalLong.of(12_345_678_901L), CheckpointStore.stepOf(names.get(1)),
                "a step with more digits than the padding: " + names.get(1));
        for (String other : List.of(".writing-" + names.get(0), names.get(0) + ".tmp", "step-", "step--1", "notes.txt")) {
            assertEquals(OptionalLong.empty(), CheckpointStore.stepOf(other), other);
        }
    }

    @Test
    void theNewestIsTheHighestStepNotTheLastNameInOrder() throws Exception {
        CheckpointStore store = new CheckpointStore(dir, 3);
        for (long step : new long[] {99_999_999_999L, 9, 100_000_000_000L}) {
            store.save(step, Map.of("a.bin", out -> out.write(1)), JsonNodeFactory.instance.objectNode());
        }
        Files.createDirectories(RunDirectory.at(dir).checkpointsDir().resolve(".writing-step-0000000010"));
        assertEquals(100_000_000_000L, store.newest(problem -> { }).orElseThrow().step());
        store.discardAfter(9);
        try (Stream<Path> left = Files.list(RunDirectory.at(dir).checkpointsDir())) {
            List<String> names = left.map(p -> p.getFileName().toString()).toList();
            assertEquals(1, names.size(), names.toString());
            assertTrue(names.get(0).endsWith("0000000009"), names.toString());
        }
    }
}
