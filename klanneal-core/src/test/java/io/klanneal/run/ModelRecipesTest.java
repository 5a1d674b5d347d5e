package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.ModelOptions;
import io.klanneal.text.TextOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The model kinds found, the options each uses, and what a bad plugin jar gets told. */
class ModelRecipesTest {

    @TempDir Path dir;

    @Test
    void helpNamesTheKindsThatUseAPerModelOptionAndEachKindsDefault() {
        assertTrue(ModelRecipes.help(TextOptions.WORD_DROPOUT).contains("Text model only. Default: 0.0 (toy 0.2)."));
        assertTrue(ModelRecipes.help(ModelOptions.HIDDEN).endsWith("Default: dense 512, text 256 (toy 64)."));
        assertEquals(List.of("text"), ModelRecipes.using(EvaluationOptions.IW_SAMPLES).stream().map(ModelRecipe::name).toList());
    }

    @Test
    void aJarWithoutAModelKindOrMissingIsOneLineNamingIt() throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        Files.writeString(classes.resolve("readme.txt"), "no model here");
        Path empty = PluginJars.pack(classes, dir.resolve("empty.jar"));
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> ModelRecipes.addPlugins(List.of(empty)));
        assertTrue(none.getMessage().startsWith("plugin " + empty + " holds no model kind"), none.getMessage());
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> ModelRecipes.addPlugins(List.of(dir.resolve("gone.jar"))));
        assertTrue(missing.getMessage().startsWith("plugin " + dir.resolve("gone.jar") + ": no such file"), missing.getMessage());
    }
}
