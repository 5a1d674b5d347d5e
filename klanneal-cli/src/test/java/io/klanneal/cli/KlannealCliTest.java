package io.klanneal.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class KlannealCliTest {

    @TempDir Path dir;

    private final CliRun cli = new CliRun();
    private final StringWriter out = cli.out;
    private final StringWriter err = cli.err;

    @Test
    void modelsListsEveryKindFoundWithTheJarOrDirectoryItCameFrom() {
        assertEquals(0, cli.run("models"));
        List<String> lines = out.toString().lines().toList();
        assertEquals(6, lines.size(), out.toString());
        assertTrue(lines.get(0).startsWith("dense    a VAE with dense encoder and decoder"), lines.get(0));
        assertTrue(lines.get(1).startsWith("         data: generated (built in, seeded)"), lines.get(1));
        assertTrue(lines.get(3).startsWith("text     a VAE with an LSTM encoder"), lines.get(3));
        String core = io.klanneal.run.ModelRecipe.class.getProtectionDomain().getCodeSource().getLocation().getPath();
        assertEquals("         from class path " + core, lines.get(2), "the built-in kinds come with klanneal-core");
        assertEquals(lines.get(2), lines.get(5));
    }

    @Test
    void schedulePrintsOneCsvRowPerStepWithSixSignificantDigits() {
        assertEquals(0, cli.run("schedule", "cyclical:cycles=3,ratio=0.5,shape=sigmoid", "--steps", "10"));
        List<String> lines = out.toString().lines().toList();
        assertEquals("step,beta", lines.get(0));
        assertEquals(11, lines.size());
        assertEquals("0,0.00247262316", lines.get(1), "sigmoid(-6) at the first step");
        assertTrue(lines.get(4).startsWith("3,0.00247262"), "cycle 1 starts at floor(10/3)");
        String beta = lines.get(2).split(",")[1];
        assertTrue(beta.replace("0.", "").length() >= 6, beta);
    }

    @Test
    void scheduleGivesTrainsGuardRailWarningsForTheRunLengthItIsTold() {
        assertEquals(0, cli.run("schedule", "monotonic:ramp_steps=1000", "--steps", "10"));
        assertTrue(err.toString().startsWith("klanneal: warning: schedule monotonic:ramp_steps=1000"), err.toString());
        assertTrue(err.toString().contains("the ramp is 1000 steps long but training has only 10 optimizer steps"), err.toString());
        assertEquals(11, out.toString().lines().count(), "the CSV is still all there");
        err.getBuffer().setLength(0);
        assertEquals(0, cli.run("schedule", "monotonic:ramp_steps=5", "--steps", "10"));
        assertEquals("", err.toString(), "a sound schedule: no warning");
    }

    @Test
    void scheduleShowsTheLearningRateFactorBesideBetaRestartingOnEachBetaCycle() throws Exception {
        Path png = dir.resolve("lr.png");
        assertEquals(0, cli.run("schedule", "cyclical:cycles=2", "--steps", "10", "--lr-schedule", "cosine:restart=cycle",
                "--plot", png.toString()), err.toString());
        List<String> lines = out.toString().lines().toList();
        assertEquals("step,beta,lr_factor", lines.get(0));
        assertEquals("0,0.00000000,1.00000000", lines.get(1));
        assertEquals("4,1.00000000,0.0954915028", lines.get(5), "near the minimum at the cycle's end");
        assertEquals("5,0.00000000,1.00000000", lines.get(6), "back to the base rate with the second cycle");
        assertTrue(Files.size(png) > 0);
        out.getBuffer().setLength(0);
        assertEquals(2, cli.run("schedule", "cyclical", "--steps", "10", "--lr-schedule", "plateau"));
        assertTrue(err.toString().contains("follows the held-out loss of a run, so its rate is known only from one"),
                err.toString());
        assertEquals("", out.toString(), "no partial CSV on error");
    }

    @Test
    void schedulePlotWritesAPng() throws Exception {
        Path png = dir.resolve("beta.png");
        assertEquals(0, cli.run("schedule", "monotonic:ratio=0.25", "--steps", "100", "--plot", png.toString()));
        byte[] bytes = Files.readAllBytes(png);
        assertEquals('P', bytes[1]);
        assertEquals('N', bytes[2]);
    }

    @Test
    void badSpecExitsWithTwoAndNamesTheKey() {
        assertEquals(2, cli.run("schedule", "cyclical:cycles=-3", "--steps", "10"));
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
        assertEquals(0, cli.run(args), err.toString());
        assertTrue(this.out.toString().contains("done: 2 epochs, 8 steps"), this.out.toString());
        for (String file : new String[] {"metrics.csv", "steps.csv", "losses.png", "beta.png",
            "model/dense-vae-0000.params"}) {
            assertTrue(Files.size(out.resolve(file)) > 0, file);
        }
        String metricsBefore = Files.readString(out.resolve("metrics.csv"));
        assertEquals(2, cli.run(args));
        assertTrue(err.toString().contains("not empty"), err.toString());
        assertEquals(metricsBefore, Files.readString(out.resolve("metrics.csv")));
    }

    @Test
    void warningsReadAsKlannealWarningsAndCountsOfOneAreSingular() throws Exception {
        // A process of its own: main sets up how logging looks, once per JVM.
        Process process = new ProcessBuilder(
                        java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
                        "io.klanneal.cli.Klanneal", "train", "--out", dir.resolve("warned").toString(),
                        "--epochs", "1", "--train-limit", "64", "--batch-size", "64", "--hidden", "8",
                        "--latent", "2", "--schedule", "monotonic:ramp_steps=99", "--no-progress")
                .start();
        String stdout = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        String stderr = new String(process.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(0, process.waitFor(), stderr);
        assertTrue(stdout.contains("done: 1 epoch, 1 step, "), stdout);
        List<String> lines = stderr.lines().toList();
        assertEquals(2, lines.size(), stderr);
        for (String line : lines) {
            assertTrue(line.startsWith("klanneal: warning: schedule monotonic:ramp_steps=99"), line);
            assertTrue(line.contains("1 optimizer step:"), line);
        }
    }

    @Test
    void trainRejectsABadDataPathNamingIt() {
        Path missing = dir.resolve("nowhere");
        assertEquals(2, cli.run("train", "--out", dir.resolve("r").toString(), "--data",
                "idx:" + missing, "--no-progress"));
        assertTrue(err.toString().contains(missing.toString()), err.toString());
        assertTrue(Files.notExists(dir.resolve("r")), "no run directory for a run that never started");
    }

    @Test
    void aDeviceTheEngineCannotUseIsOneLineAndLeavesNoDirectory() {
        Path out = dir.resolve("gpu-run");
        String[] args = {"train", "--device", "gpu", "--out", out.toString(), "--epochs", "1", "--no-progress"};
        assertEquals(2, cli.run(args));
        String error = err.toString();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("klanneal: error: --device: gpu cannot be used") && error.contains("use cpu"), error);
        assertTrue(Files.notExists(out), "nothing left behind, so the same command can run again");
        assertEquals(2, cli.run(args), "the same command, again: the same clean refusal, not 'not empty'");
        assertTrue(err.toString().lines().skip(1).findFirst().orElse("").contains("--device"), err.toString());
    }

    @Test
    void engineAndJvmFailuresAreOneLineSayingWhatRanOut() {
        assertEquals(
                "the engine ran out of memory allocating 55.0 GB for one array: one batch is too large;"
                        + " lower --batch-size, or for text --max-length (long sentences pad their whole batch)",
                Klanneal.describeFailure(new ai.djl.engine.EngineException(
                        "[enforce fail at alloc_cpu.cpp:117] data. DefaultCPUAllocator: not enough memory:"
                                + " you tried to allocate 55000000000 bytes.\nmore lines")));
        assertTrue(Klanneal.describeFailure(new OutOfMemoryError("Java heap space"))
                .startsWith("the JVM ran out of memory (Java heap space); give it more with KLANNEAL_JAVA_OPTS=-Xmx8g"));
        assertEquals("IllegalStateException: broken", Klanneal.describeFailure(new IllegalStateException("broken\nat x")));
    }

    @Test
    void unknownBenchmarkIsAnError() {
        assertEquals(2, cli.run("bench", "lstm9000"));
        assertTrue(err.toString().contains("unknown benchmark"), err.toString());
    }

    @Test
    void benchReportsThroughputPeakMemoryAndTheThreadsItWasGiven() {
        ai.djl.engine.Engine.getInstance(); // loads the library JniUtils calls
        int before = ai.djl.pytorch.jni.JniUtils.getNumThreads();
        try {
            assertEquals(0, cli.run("bench", "text", "--steps", "2", "--warmup", "0", "--threads", "1"), err.toString());
        } finally {
            io.klanneal.engine.PyTorch.setThreads(before);
        }
        String report = out.toString();
        assertTrue(report.contains("torch threads 1"), report);
        assertTrue(report.matches("(?s).*tokens/s [1-9][0-9]*\\n.*"), report);
        assertTrue(report.matches("(?s).*peak resident MiB [1-9][0-9]+\\n.*"), report);
        assertEquals(2, cli.run("bench", "text", "--threads", "0"));
        assertTrue(err.toString().contains("--threads") && err.toString().contains("at least 1"), err.toString());
    }

    @Test
    void trainWithTheConfigOfAFinishedRunReproducesItsMetrics() throws Exception {
        Path first = dir.resolve("first");
        assertEquals(0, cli.run("train", "--out", first.toString(), "--epochs", "2", "--train-limit", "256",
                "--hidden", "32", "--latent", "3", "--batch-size", "64", "--seed", "7",
                "--schedule", "cyclical:cycles=2,ratio=0.25,shape=cosine",
                "--likelihood", "gaussian:sigma=0.3", "--keep", "best", "--no-progress"), err.toString());
        Path again = dir.resolve("again");
        assertEquals(0, cli.run("train", "--config", first.resolve("config.json").toString(),
                "--out", again.toString()), err.toString());
        assertEquals(metricsWithoutSeconds(first), metricsWithoutSeconds(again));
        assertEquals(Files.readString(first.resolve("steps.csv")), Files.readString(again.resolve("steps.csv")));
        assertEquals(options(first), options(again));
        assertTrue(Files.exists(again.resolve("model-best/dense-vae-0000.params")), "--keep best came along");

        Path shorter = dir.resolve("shorter");
        assertEquals(0, cli.run("train", "--config", first.resolve("config.json").toString(),
                "--out", shorter.toString(), "--epochs", "1"), err.toString());
        assertTrue(options(shorter).contains("\"epochs\" : 1,"), "a flag overrides the file");
        assertTrue(options(shorter).contains("\"likelihood\" : \"gaussian:sigma=0.3\""));
        assertEquals(2, Files.readAllLines(shorter.resolve("metrics.csv")).size());

        // A run with a Java lambda schedule records only its description.
        Path custom = dir.resolve("custom.json");
        Files.writeString(custom, Files.readString(first.resolve("config.json"))
                .replace("cyclical:cycles=2,ratio=0.25,min=0.0,max=1.0,shape=cosine,update=step",
                        "my warm-up lambda"));
        assertEquals(2, cli.run("train", "--config", custom.toString(), "--out", dir.resolve("c1").toString()));
        assertTrue(err.toString().contains("give a schedule spec with --schedule"), err.toString());
        assertEquals(0, cli.run("train", "--config", custom.toString(), "--out", dir.resolve("c2").toString(),
                "--schedule", "constant:beta=1", "--epochs", "1"), err.toString());
    }

    private static String metricsWithoutSeconds(Path run) throws Exception {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        int seconds = List.of(lines.get(0).split(",")).indexOf("seconds");
        StringBuilder kept = new StringBuilder();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            cells[seconds] = "";
            kept.append(String.join(",", cells)).append('\n');
        }
        return kept.toString();
    }

    private static String options(Path run) throws Exception {
        String config = Files.readString(run.resolve("config.json"));
        return config.substring(config.indexOf("\"options\""), config.indexOf("\"data_files\""));
    }

    @Test
    void badLikelihoodKeepAndEarlyStopAreErrorsNamingTheOption() {
        String out = dir.resolve("never").toString();
        assertEquals(2, cli.run("train", "--out", out, "--likelihood", "gaussian", "--no-progress"));
        assertTrue(err.toString().contains("gaussian:sigma=X (fixed) or gaussian:learned"), err.toString());
        assertEquals(2, cli.run("train", "--out", out, "--keep", "all", "--no-progress"));
        assertTrue(err.toString().contains("--keep: expected one of last, best, got 'all'"), err.toString());
        assertEquals(2, cli.run("train", "--out", out, "--early-stop", "-1", "--no-progress"));
        assertTrue(err.toString().contains("--early-stop: must be at least 0 (0: never), got -1"), err.toString());
        assertEquals(2, cli.run("train", "--config", dir.resolve("missing.json").toString(), "--out", out));
        assertTrue(err.toString().contains("missing.json"), err.toString());
        assertTrue(Files.notExists(dir.resolve("never")));
    }

    @Test
    void aBadOptionValueIsOneLineNamingIt() {
        assertEquals(2, cli.run("train", "--epochs", "99999999999", "--out", dir.resolve("r").toString()));
        assertEquals("klanneal: error: --epochs: expected a whole number from -2147483648 to 2147483647,"
                + " got '99999999999'", err.toString().strip());
    }

    @Test
    void anUnknownOptionIsOneLineNamingItAndTheHelp() {
        assertEquals(2, cli.run("train", "--epoch", "3"));
        String error = err.toString().strip();
        assertEquals(1, error.lines().count(), error);
        assertTrue(error.startsWith("klanneal: error: Unknown options: '--epoch'")
                && error.endsWith("(see klanneal train --help)"), error);
        assertTrue(out.toString().isEmpty(), "no usage: " + out);
    }

    @Test
    void schedulePlotRefusesANameThatIsNotPng() {
        Path jpg = dir.resolve("b.jpg");
        assertEquals(2, cli.run("schedule", "monotonic", "--steps", "10", "--plot", jpg.toString()));
        assertEquals("klanneal: error: --plot writes a PNG; name the file FILE.png, got " + jpg, err.toString().strip());
        assertTrue(out.toString().isEmpty(), "nothing printed before the refusal");
        assertTrue(!java.nio.file.Files.exists(jpg));
    }

    @Test
    void versionIsTheOneConfigJsonRecordsOnEveryCommand() {
        String expected = "klanneal " + io.klanneal.run.RunConfigFile.klannealVersion();
        assertTrue(expected.endsWith("-SNAPSHOT") || expected.matches("klanneal [0-9.]+"), expected);
        for (String command : List.of("-V", "train -V", "sample -V")) {
            CliRun run = new CliRun();
            assertEquals(0, run.run(command.split(" ")), command);
            assertEquals(expected, run.out.toString().strip(), command);
        }
    }

    @Test
    void noOptionShowsACamelCasePlaceholderOrLacksADescription() {
        CommandLine cli = Klanneal.commandLine();
        for (CommandLine command : cli.getSubcommands().values()) {
            String usage = command.getUsageMessage();
            assertTrue(!usage.matches("(?s).*<[a-z]+[A-Z][A-Za-z]*>.*"), command.getCommandName() + ":\n" + usage);
            for (picocli.CommandLine.Model.OptionSpec option : command.getCommandSpec().options()) {
                String text = String.join(" ", option.description()).replaceAll("Default: [^ ]*\\.?", "").strip();
                assertTrue(!text.isEmpty(), command.getCommandName() + " " + option.longestName() + " has no description");
            }
        }
    }
}
