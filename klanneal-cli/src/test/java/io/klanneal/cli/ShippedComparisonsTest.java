package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The comparison files the README's commands name ({@code docs/comparisons}) still plan: every
 * run's options are valid for this build, one run per entry and seed.
 */
class ShippedComparisonsTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir Path dir;

    static Stream<Path> shippedFiles() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("..", "docs", "comparisons"))) {
            return files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedFiles")
    void aShippedComparisonFilePlansOneRunPerEntryAndSeed(Path file) throws Exception {
        Path out = dir.resolve("plan");
        CliRun cli = new CliRun();
        assertEquals(0, cli.run("compare", "--file", file.toString(), "--plan-only", "--out", out.toString()),
                cli.err.toString());
        JsonNode spec = YAML.readTree(file.toFile());
        int seeds = spec.has("seeds") ? spec.get("seeds").size() : 1;
        assertEquals(spec.get("runs").size() * seeds,
                JSON.readTree(out.resolve("comparison.json").toFile()).get("runs").size(), file.toString());
    }
}
