package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextCommandsTest {

    @TempDir static Path dir;

    static Path run;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @BeforeAll
    static void trainToyModel() {
        run = dir.resolve("toy");
        int code = Klanneal.commandLine().execute(
                "train", "--model", "text", "--out", run.toString(), "--epochs", "3",
                "--iw-samples", "3", "--no-progress");
        assertEquals(0, code);
    }

    @Test
    void toyRunWritesDiagnosticsAndLatentPlots() throws Exception {
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertTrue(metrics.get(0).endsWith(
                ",validation_perplexity,active_units,mutual_information,iw_nll,iw_perplexity,collapsed"),
                metrics.get(0));
        assertEquals(4, metrics.size());
        assertTrue(Files.size(run.resolve("latent/epoch-001.png")) > 1000);
        assertTrue(Files.size(run.resolve("latent/epoch-003.png")) > 1000);
        assertTrue(Files.isRegularFile(run.resolve("model/vocab.txt")));
    }

    @Test
    void sampleDecodesGreedyAndSampledSentences() {
        assertEquals(0, cli.run("sample", "--run", run.toString(), "-n", "3"), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(6, lines.size());
        assertTrue(lines.get(0).startsWith("z1 greedy : w"), lines.get(0));
        assertTrue(lines.get(1).startsWith("z1 sampled: "), lines.get(1));
    }

    @Test
    void maxLengthHasOneRuleInSampleAndInterpolate() {
        assertEquals(2, cli.run("interpolate", "--run", run.toString(), "--decode-length", "0", "w1 w2", "w3"));
        assertEquals("klanneal: error: --decode-length: must be at least 1, got 0", err.toString().strip());
        CliRun sample = new CliRun();
        assertEquals(2, sample.run("sample", "--run", run.toString(), "--decode-length", "0"));
        assertEquals("klanneal: error: --decode-length: must be at least 1, got 0", sample.err.toString().strip());
        CliRun count = new CliRun();
        assertEquals(2, count.run("sample", "--run", run.toString(), "-n", "0"));
        assertEquals("klanneal: error: --count must be at least 1, got 0", count.err.toString().strip());
    }

    @Test
    void interpolateDecodesEveryPointBetweenTwoSentences() {
        assertEquals(0, cli.run("interpolate", "--run", run.toString(), "--points", "4",
                "w1 w2 w3 w4", "w5 w6 w7"), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals(4, lines.size());
        assertTrue(lines.get(0).startsWith("0.00  "), lines.get(0));
        assertTrue(lines.get(3).startsWith("1.00  "), lines.get(3));
    }

    @Test
    void evalReportsEveryDiagnostic() throws Exception {
        Path file = Files.writeString(dir.resolve("eval.txt"), "w1 w2 w3\nw4 w5\n\nw6 w7 w8 w9\n");
        assertEquals(0, cli.run("eval", "--run", run.toString(), "--data", file.toString(),
                "--iw-samples", "5"), err.toString());
        String report = out.toString();
        for (String expected : new String[] {"3 sentences, 12 predicted tokens", "reconstruction",
            "KL", "-ELBO", "perplexity (ELBO)", "active units", "of 2", "mutual information",
            "IW NLL (K=5)", "IW perplexity"}) {
            assertTrue(report.contains(expected), expected + " in\n" + report);
        }
        assertTrue(err.toString().contains("eval: 3 of 3 sentences"), "progress on stderr: " + err);
        assertTrue(report.contains("out-of-vocabulary words 0.00% (0 of 9)"), report);
        assertFalse(err.toString().contains("warning"), err.toString());
    }

    @Test
    void unknownWordsAreCountedAndWarnedAboutInEvalAndInterpolate() throws Exception {
        Path file = Files.writeString(dir.resolve("unknown.txt"), "w1 cat w2\nw3 dog\n");
        assertEquals(0, cli.run("eval", "--run", run.toString(), "--data", file.toString(),
                "--iw-samples", "0"), err.toString());
        assertTrue(out.toString().contains("out-of-vocabulary words 40.00% (2 of 5)"), out.toString());
        assertTrue(err.toString().contains("klanneal: warning: 40.0% of the words of " + file
                + " (2 of 5) are not in the model's vocabulary and read as <unk> (cat, dog)"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(0, cli.run("interpolate", "--run", run.toString(), "the cat sat", "a dog ran"));
        assertTrue(err.toString().startsWith("klanneal: warning: 100.0% of the words of A and B (6 of 6)"), err.toString());
    }

    @Test
    void evalWithoutDataUsesTheRunsHeldOutSentences() throws Exception {
        List<String> heldOut = Files.readAllLines(run.resolve("validation.txt"));
        assertEquals(100, heldOut.size(), "the toy set's 10 validation copies of 10 sequences");
        assertEquals(0, cli.run("eval", "--run", run.toString(), "--iw-samples", "0"), err.toString());
        assertTrue(out.toString().contains("100 sentences"), out.toString());
    }

    @Test
    void evalOfAnEmptyFileNamesIt() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.txt"), "");
        assertEquals(2, cli.run("eval", "--run", run.toString(), "--data", empty.toString()));
        assertTrue(err.toString().contains(empty + " is empty"), err.toString());
    }

    @Test
    void aRunGivenAsModelIsRefusedWithTheFlagThatTakesIt() {
        assertEquals(2, cli.run("sample", "--model", run.toString()));
        assertEquals("klanneal: error: --model names a model kind in klanneal; give the run"
                + " directory with --run " + run, err.toString().strip());
    }

    @Test
    void evalOfADirectoryWithoutAModelNamesWhatIsMissing() throws Exception {
        Path file = Files.writeString(dir.resolve("one.txt"), "w1\n");
        assertEquals(2, cli.run("eval", "--run", dir.toString(), "--data", file.toString()));
        assertTrue(err.toString().contains("no trained run in " + dir + ": expected " + dir.resolve("config.json")),
                err.toString());
    }

    @Test
    void aTruncatedParametersFileIsNamedAsSuch() throws Exception {
        Path copy = dir.resolve("truncated");
        Files.createDirectories(copy.resolve("model"));
        try (var files = Files.list(run.resolve("model"))) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve("model").resolve(file.getFileName()));
            }
        }
        Path params;
        try (var files = Files.list(copy.resolve("model"))) {
            params = files.filter(f -> f.toString().endsWith(".params")).findFirst().orElseThrow();
        }
        byte[] bytes = Files.readAllBytes(params);
        Files.write(params, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertEquals(2, cli.run("sample", "--run", copy.toString()));
        assertTrue(err.toString().contains("could not load the parameters in " + copy.resolve("model")
                + ": a parameter file there is truncated or corrupt"), err.toString());
        assertFalse(err.toString().contains(": null"), err.toString());
    }

    @Test
    void aConfigThatIsNotValidJsonNamesTheLineAndColumn() throws Exception {
        Path config = Files.writeString(dir.resolve("bad.json"), "{\"format\": \"klanneal-config/2\",\n  \"options\": {\"epochs\": 3,}\n}\n");
        assertEquals(2, cli.run("train", "--config", config.toString(), "--out", dir.resolve("never").toString()));
        String error = err.toString();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("klanneal: error: cannot read the config " + config + " line 2, column 27: Unexpected character"), error);
        assertFalse(error.contains("Source"), error);
    }
}
