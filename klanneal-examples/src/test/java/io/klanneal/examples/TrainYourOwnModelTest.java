package io.klanneal.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainYourOwnModelTest {

    @TempDir Path dir;

    @Test
    void theExampleTrainsTheModelKindOfItsOwnAndComparesTwoSchedulesOnIt() throws Exception {
        // 128 generated images in batches of 64: 2 steps per epoch.
        TrainYourOwnModel.main(new String[] {dir.toString(), "128"});
        assertTrue(Files.exists(dir.resolve("cyclical/model/pixelcnn-vae-0000.params")));
        List<String> summary = Files.readAllLines(dir.resolve("compare/summary.csv"));
        assertEquals(3, summary.size(), "a header and a row per schedule: " + summary);
        assertTrue(Files.exists(dir.resolve("compare/report.html")));
        assertTrue(Files.readString(dir.resolve("compare/constant-beta-1-seed1/config.json")).contains("\"pixel-layers\" : 2"));
    }
}
