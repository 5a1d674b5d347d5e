package io.klanneal.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainWithSchedulesTest {

    @TempDir Path dir;

    @Test
    void theExampleTrainsBothSchedulesOnGeneratedData() throws Exception {
        // 256 examples in batches of 128: 2 steps per epoch, 10 in all.
        TrainWithSchedules.main(new String[] {dir.toString(), "256"});
        for (String run : new String[] {"cyclical", "warm-up"}) {
            List<String> metrics = Files.readAllLines(dir.resolve(run).resolve("metrics.csv"));
            assertEquals(6, metrics.size(), run + ": header and 5 epochs");
            assertTrue(Files.exists(dir.resolve(run).resolve("model-best/dense-vae-0000.params")));
        }
        List<String> steps = Files.readAllLines(dir.resolve("warm-up/steps.csv"));
        assertTrue(steps.get(4).startsWith("3,2,0.03000000,"), "the lambda gave beta: " + steps.get(4));
        String config = Files.readString(dir.resolve("cyclical/config.json"));
        assertTrue(config.contains("\"schedule\" : \"cyclical:cycles=4,ratio=0.5,min=0.0,max=1.0,shape=cosine\""));
    }
}
