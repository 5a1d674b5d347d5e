package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.dense.DenseRecipe;
import io.klanneal.record.RunDirectory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunDirectoryTest {

    @TempDir Path dir;

    @Test
    void aNewRunNeverTakesADirectoryThatHoldsFiles() throws Exception {
        Path out = dir.resolve("run");
        Files.createDirectories(out);
        Files.writeString(out.resolve("notes.txt"), "mine");
        IOException e = assertThrows(IOException.class, () -> RunDirectory.create(out));
        assertTrue(e.getMessage().contains("already exists and is not empty"), e.getMessage());
        assertEquals("mine", Files.readString(out.resolve("notes.txt")));
        assertEquals(dir.resolve("fresh"), RunDirectory.create(dir.resolve("fresh")).root());
    }

    @Test
    void aFinishedRunReopensWithTheSameLayoutAndAnyOtherDirectoryIsRefused() throws Exception {
        Path out = dir.resolve("run");
        TrainRun.run(SmallRuns.dense(out).build());
        RunDirectory run = RunDirectory.open(out);
        assertTrue(Files.isRegularFile(run.configFile()));
        assertTrue(Files.isRegularFile(run.recordFile()));
        assertTrue(Files.isRegularFile(run.resolve(RunDirectory.modelFile(DenseRecipe.MODEL_NAME))));
        IOException e = assertThrows(IOException.class, () -> RunDirectory.open(dir.resolve("empty")));
        assertTrue(e.getMessage().contains("is not a klanneal run directory"), e.getMessage());
    }
}
