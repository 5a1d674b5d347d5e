package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.model.Initialization;
import io.klanneal.text.TextOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Defaults that depend on the model and the data, as the text experiments chose them. */
class TrainConfigTest {

    private static TrainConfig build(String model, String data) {
        TrainConfig.Builder builder = TrainConfig.builder().setOut(Path.of("unused")).set(DataOptions.MODEL, model);
        if (data != null) {
            builder.set(DataOptions.DATA, data);
        }
        return builder.build();
    }

    @Test
    void textStartsFromPyTorchsInitialisationAndTheToySetAndDenseFromDjls() {
        assertEquals(Initialization.PYTORCH, build("text", "text:corpus.txt").get(ModelOptions.INIT));
        assertEquals(Initialization.DJL, build("text", null).get(ModelOptions.INIT), "toy set");
        assertEquals(Initialization.DJL, build("dense", null).get(ModelOptions.INIT));
    }

    @Test
    void sizesFollowTheModelAndTheToySet() {
        assertEquals(512, build("dense", null).get(ModelOptions.HIDDEN));
        assertEquals(256, build("text", "text:corpus.txt").get(ModelOptions.HIDDEN));
        assertEquals(64, build("text", "toy").get(ModelOptions.HIDDEN));
        assertEquals(2, build("text", "toy").get(ModelOptions.LATENT));
        assertEquals(5.0, build("text", "toy").get(OptimisationOptions.GRAD_CLIP));
        assertEquals(0.0, build("dense", null).get(OptimisationOptions.GRAD_CLIP));
    }

    @Test
    void anOptionOfTheOtherModelReadsAsItsDefaultAndIsNotRecorded() {
        TrainConfig dense = build("dense", null);
        assertEquals(false, dense.get(ScheduleOptions.RESET_DECODER));
        assertEquals(0.0, dense.get(TextOptions.WORD_DROPOUT));
        assertFalse(dense.options().containsKey(TextOptions.WORD_DROPOUT), "config.json lists the dense model's options");
    }

    @Test
    void aRelativeDataPathIsMadeAbsolute() {
        assertEquals("text:" + Path.of("corpus.txt").toAbsolutePath().normalize(),
                build("text", "text:corpus.txt").get(DataOptions.DATA));
        assertEquals("idx:" + Path.of("imgs").toAbsolutePath().normalize(),
                build("dense", "idx:imgs").get(DataOptions.DATA));
    }

    @Test
    void aFormatOneTextConfigKeepsTheInitialisationItsRunHad(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        Path file = dir.resolve("config.json");
        java.nio.file.Files.writeString(file, "{\"format\": \"klanneal-config/1\", \"options\":"
                + " {\"model\": \"text\", \"data\": \"text:corpus.txt\", \"embedding\": 8}}");
        TrainConfig old = RunConfigFile.read(file, java.util.Set.of()).setOut(dir.resolve("r")).build();
        assertEquals(Initialization.DJL, old.get(ModelOptions.INIT));
        TrainConfig overridden = RunConfigFile.read(file, java.util.Set.of("init")).setOut(dir.resolve("r"))
                .set(ModelOptions.INIT, Initialization.PYTORCH).build();
        assertEquals(Initialization.PYTORCH, overridden.get(ModelOptions.INIT));
    }

    @Test
    void theCollapseWarningSuggestsOnlyFlagsTheModelKindTakes() {
        String dense = String.join(", ", RunAssembly.collapseRemedies(ModelRecipe.of("dense")));
        String text = String.join(", ", RunAssembly.collapseRemedies(ModelRecipe.of("text")));
        assertFalse(dense.contains("--word-dropout") || dense.contains("--reset-decoder"), dense);
        assertTrue(text.contains("--word-dropout 0.5") && text.contains("--reset-decoder"), text);
        assertTrue(dense.contains("--free-bits") && text.contains("--free-bits"));
    }

    @Test
    void anUnknownModelKindIsRefusedNamingTheKindsFoundAndHowToAddOne() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> build("pixel", null));
        assertTrue(e.getMessage().contains("no model kind 'pixel'; found dense, text"), e.getMessage());
        assertTrue(e.getMessage().contains("--plugin JAR"), e.getMessage());
    }
}
