package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.klanneal.config.DataOptions;
import io.klanneal.config.ModelKind;
import io.klanneal.config.ModelOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.model.Initialization;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Defaults that depend on the model and the data, as the text experiments chose them. */
class TrainConfigTest {

    private static TrainConfig build(ModelKind model, String data) {
        TrainConfig.Builder builder = TrainConfig.builder().setOut(Path.of("unused")).set(DataOptions.MODEL, model);
        if (data != null) {
            builder.set(DataOptions.DATA, data);
        }
        return builder.build();
    }

    @Test
    void textStartsFromPyTorchsInitialisationAndTheToySetAndDenseFromDjls() {
        assertEquals(Initialization.PYTORCH, build(ModelKind.TEXT, "text:corpus.txt").get(ModelOptions.INIT));
        assertEquals(Initialization.DJL, build(ModelKind.TEXT, null).get(ModelOptions.INIT), "toy set");
        assertEquals(Initialization.DJL, build(ModelKind.DENSE, null).get(ModelOptions.INIT));
    }

    @Test
    void sizesFollowTheModelAndTheToySet() {
        assertEquals(512, build(ModelKind.DENSE, null).get(ModelOptions.HIDDEN));
        assertEquals(256, build(ModelKind.TEXT, "text:corpus.txt").get(ModelOptions.HIDDEN));
        assertEquals(64, build(ModelKind.TEXT, "toy").get(ModelOptions.HIDDEN));
        assertEquals(2, build(ModelKind.TEXT, "toy").get(ModelOptions.LATENT));
        assertEquals(5.0, build(ModelKind.TEXT, "toy").get(OptimisationOptions.GRAD_CLIP));
        assertEquals(0.0, build(ModelKind.DENSE, null).get(OptimisationOptions.GRAD_CLIP));
    }

    @Test
    void anOptionOfTheOtherModelReadsAsItsDefaultAndIsNotRecorded() {
        TrainConfig dense = build(ModelKind.DENSE, null);
        assertEquals(false, dense.get(ScheduleOptions.RESET_DECODER));
        assertEquals(0.0, dense.get(ModelOptions.WORD_DROPOUT));
        assertFalse(dense.options().containsKey(ModelOptions.WORD_DROPOUT), "config.json lists the dense model's options");
    }

    @Test
    void aRelativeDataPathIsMadeAbsolute() {
        assertEquals("text:" + Path.of("corpus.txt").toAbsolutePath().normalize(),
                build(ModelKind.TEXT, "text:corpus.txt").get(DataOptions.DATA));
        assertEquals("idx:" + Path.of("imgs").toAbsolutePath().normalize(),
                build(ModelKind.DENSE, "idx:imgs").get(DataOptions.DATA));
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
}
