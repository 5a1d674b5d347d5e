package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KlannealCliTest {

    @TempDir Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = Klanneal.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void schedulePrintsOneCsvRowPerStepWithSixSignificantDigits() {
        assertEquals(0, run("schedule", "cyclical:cycles=3,ratio=0.5,shape=sigmoid", "--steps", "10"));
        List<String> lines = out.toString().lines().toList();
        assertEquals("step,beta", lines.get(0));
        assertEquals(11, lines.size());
        assertEquals("0,0.00247262316", lines.get(1), "sigmoid(-6) at the first step");
        assertTrue(lines.get(4).startsWith("3,0.00247262"), "cycle 1 starts at floor(10/3)");
        String beta = lines.get(2).split(",")[1];
        assertTrue(beta.replace("0.", "").length() >= 6, beta);
    }

    @Test
    void schedulePlotWritesAPng() throws Exception {
        Path png = dir.resolve("beta.png");
        assertEquals(0, run("schedule", "monotonic:ratio=0.25", "--steps", "100", "--plot", png.toString()));
        byte[] bytes = Files.readAllBytes(png);
        assertEquals('P', bytes[1]);
        assertEquals('N', bytes[2]);
    }

    @Test
    void badSpecExitsWithTwoAndNamesTheKey() {
        assertEquals(2, run("schedule", "cyclical:cycles=-3", "--steps", "10"));
        assertTrue(err.toString().contains("cycles must be at least 1"), err.toString());
        assertEquals("", out.toString(), "no partial CSV on error");
    }

    @Test
    void trainWritesTheRunDirectoryAndRefusesToOverwriteIt() throws Exception {
        Path out = dir.resolve("run");
        String[] args = {
            "train", "--out", out.toString(), "--epochs", "2", "--train-limit", "256",
            "--hidden", "32", "--latent", "4", "--batch-size", "64",
            "--schedule", "monotonic:ratio=0.5", "--no-progress"
        };
        assertEquals(0, run(args), err.toString());
        assertTrue(this.out.toString().contains("done: 2 epochs, 8 steps"), this.out.toString());
        for (String file : new String[] {"metrics.csv", "steps.csv", "losses.png", "beta.png",
            "model/dense-vae-0000.params"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        String metricsBefore = Files.readString(out.resolve("metrics.csv"));
        assertEquals(2, run(args));
        assertTrue(err.toString().contains("not empty"), err.toString());
        assertEquals(metricsBefore, Files.readString(out.resolve("metrics.csv")));
    }

    @Test
    void trainRejectsABadDataPathNamingIt() {
        Path missing = dir.resolve("nowhere");
        assertEquals(2, run("train", "--out", dir.resolve("r").toString(), "--data",
                "idx:" + missing, "--no-progress"));
        assertTrue(err.toString().contains(missing.toString()), err.toString());
        assertTrue(Files.notExists(dir.resolve("r")), "no run directory for a run that never started");
    }

    @Test
    void unknownBenchmarkIsAnError() {
        assertEquals(2, run("bench", "lstm9000"));
        assertTrue(err.toString().contains("unknown benchmark"), err.toString());
    }
}
