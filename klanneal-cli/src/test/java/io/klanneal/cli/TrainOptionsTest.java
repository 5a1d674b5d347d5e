package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.klanneal.config.OptionGroup;
import io.klanneal.config.OptionType;
import io.klanneal.config.TrainOption;
import io.klanneal.run.ModelRecipe;
import io.klanneal.run.ModelRecipes;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training options as a user meets them: help, README, config.json and their checks. */
class TrainOptionsTest {

    private static final String TABLE_START = "<!-- train options: generated from the option registry -->";
    private static final String TABLE_END = "<!-- end of train options -->";

    @TempDir Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    // The table the README must hold: one section per concern, one row per option.
    private static String expectedTable() {
        StringBuilder table = new StringBuilder(TABLE_START).append("\n");
        for (OptionGroup group : ModelRecipes.optionGroups()) {
            table.append("\n| ").append(group.heading()).append(" | |\n|---|---|\n");
            for (TrainOption<?> option : group.options()) {
                String flag = option.type() == OptionType.BOOLEAN ? "`--[no-]" + option.name() + "`" : "`" + option.flag() + "`";
                table.append("| ").append(flag).append(" | ")
                        .append(ModelRecipes.help(option).replace("|", "\\|").replace("<", "&lt;")).append(" |\n");
            }
        }
        return table.append("\n").append(TABLE_END).toString();
    }

    @Test
    void readmeTableMatchesTheOptionsAndHelp() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf(TABLE_START);
        int end = readme.indexOf(TABLE_END);
        assertTrue(start >= 0 && end > start, "README has the generated options table");
        assertEquals(expectedTable(), readme.substring(start, end + TABLE_END.length()),
                "README's options table is out of date; paste the expected one");
        assertEquals(0, cli.run("train", "--help"));
        String help = out.toString().replaceAll("\\s+", " ");
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            String flag = option.type() == OptionType.BOOLEAN ? "--[no-]" + option.name() : option.flag();
            assertTrue(help.contains(flag + "=" + option.type().label()) || help.contains(flag),
                    flag + " is in --help");
            assertTrue(help.contains(ModelRecipes.help(option).replaceAll("\\s+", " ").substring(0, 20)),
                    option.name() + "'s help text is in --help");
        }
    }

    @Test
    void optionNamesAreTheirConfigKeysAndFlags() {
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            assertEquals(option, ModelRecipes.option(option.name()));
            assertTrue(option.name().matches("[a-z][a-z0-9]*(-[a-z0-9]+)*"), option.name());
        }
        assertEquals(ModelRecipes.allOptions().size(),
                ModelRecipes.allOptions().stream().map(TrainOption::name).collect(Collectors.toSet()).size(),
                "no two options share a name");
    }

    @Test
    void textOnlyOptionsAreRefusedForTheDenseModelNotRecorded() {
        Path run = dir.resolve("dense");
        assertEquals(2, cli.run("train", "--out", run.toString(), "--word-dropout", "0.5",
                "--embedding", "7", "--holdout", "0.3", "--no-progress"));
        String message = err.toString();
        assertTrue(message.contains("the dense model does not use options"), message);
        assertTrue(message.contains("word-dropout (text only)"), message);
        assertTrue(message.contains("embedding (text only)"), message);
        assertTrue(message.contains("holdout (text only)"), message);
        assertFalse(Files.exists(run), "nothing is written for a refused run");
    }

    @Test
    void configRecordsDataPathsAbsoluteAndOnlyTheModelsOptions() throws Exception {
        Path corpus = dir.resolve("data").resolve("corpus.txt");
        Files.createDirectories(corpus.getParent());
        Files.writeString(corpus, "the cat sat\nthe dog ran\na cat ran\na dog sat\n".repeat(5));
        Path relative = Path.of("").toAbsolutePath().relativize(corpus);
        Path first = dir.resolve("first");
        assertEquals(0, cli.run("train", "--model", "text", "--data", "text:" + relative, "--epochs", "1",
                "--embedding", "8", "--hidden", "8", "--latent", "2", "--iw-samples", "0",
                "--out", first.toString(), "--no-progress"), err.toString());
        JsonNode options = new ObjectMapper().readTree(first.resolve("config.json").toFile()).get("options");
        assertEquals("text:" + corpus.toAbsolutePath().normalize(), options.get("data").asText());

        Path dense = dir.resolve("dense");
        assertEquals(0, cli.run("train", "--epochs", "1", "--train-limit", "128", "--hidden", "8",
                "--latent", "2", "--out", dense.toString(), "--no-progress"), err.toString());
        JsonNode denseOptions = new ObjectMapper().readTree(dense.resolve("config.json").toFile()).get("options");
        for (TrainOption<?> option : ModelRecipes.allOptions()) {
            assertEquals(ModelRecipes.uses(ModelRecipe.of("dense"), option), denseOptions.has(option.name()),
                    option.name());
        }
    }

    @Test
    void aFormatOneConfigStillLoadsAndAnUnknownFormatIsNamed() throws Exception {
        Path dense = dir.resolve("dense");
        assertEquals(0, cli.run("train", "--epochs", "1", "--train-limit", "128", "--hidden", "8",
                "--latent", "2", "--out", dense.toString(), "--no-progress"), err.toString());
        ObjectMapper json = new ObjectMapper();
        ObjectNode old = (ObjectNode) json.readTree(dense.resolve("config.json").toFile());
        old.put("format", "klanneal-config/1");
        // Format 1 recorded the text options for dense runs too.
        ((ObjectNode) old.get("options")).put("embedding", 256).put("word-dropout", 0.0);
        Path v1 = dir.resolve("v1.json");
        Files.writeString(v1, json.writeValueAsString(old));
        assertEquals(0, cli.run("train", "--config", v1.toString(), "--out", dir.resolve("again").toString()),
                err.toString());

        old.put("format", "klanneal-config/9");
        Files.writeString(v1, json.writeValueAsString(old));
        assertEquals(2, cli.run("train", "--config", v1.toString(), "--out", dir.resolve("never").toString()));
        assertTrue(err.toString().contains("has format \"klanneal-config/9\""), err.toString());
    }
}
