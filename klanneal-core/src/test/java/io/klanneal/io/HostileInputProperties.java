package io.klanneal.io;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.klanneal.compare.ComparisonPlan;
import io.klanneal.dense.IdxFile;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunCheckpoints;
import io.klanneal.run.RunConfigFile;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.text.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterProperty;

/**
 * Generated and mutated user files fed to klanneal's parsers: the outcome is a valid result or a
 * clean refusal (an IOException or IllegalArgumentException with a message of one line, which the
 * CLI prints as one line), never another exception, an error, or memory claimed beyond the input.
 */
class HostileInputProperties {

    private static final String CONFIG = "{\"format\": \"klanneal-config/2\", \"options\": {\"model\": \"dense\","
            + " \"epochs\": 3, \"batch-size\": 64, \"lr\": 0.001, \"schedule\": \"cyclical:cycles=2\","
            + " \"checkpoint-every\": \"10m\", \"latent\": 2}, \"data_files\": []}";
    private static final String COMPARISON = "options: {model: dense, epochs: 2}\n"
            + "runs:\n  - {schedule: \"constant:beta=1\"}\n  - {schedule: \"cyclical:cycles=2\", lr: 0.01}\n"
            + "seeds: [1, 2]\n";

    private final Path dir;

    HostileInputProperties() throws IOException {
        dir = Files.createTempDirectory("klanneal-hostile-");
    }

    @AfterProperty
    void deleteFiles() throws IOException {
        AtomicFiles.deleteTree(dir);
    }

    /** A refusal the CLI can print as one clean line. */
    private static void assertClean(Throwable thrown) {
        assertTrue(thrown instanceof IOException || thrown instanceof IllegalArgumentException,
                () -> "not a clean refusal: " + thrown);
        assertTrue(thrown.getMessage() != null && !thrown.getMessage().isBlank(), () -> "no message: " + thrown);
        assertFalse(thrown.getMessage().contains("\n"), () -> "more than one line: " + thrown.getMessage());
    }

    // A text with one random edit: a character replaced, deleted or inserted, or a slice doubled.
    private static Arbitrary<String> mutated(String text) {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, text.length() - 1);
        Arbitrary<Character> c = Arbitraries.of('"', '{', '}', '[', ']', ':', ',', '-', '1', '9', 'e', ' ', '\n', 'x',
                '\u00e9', '\u0000', '.', '=', ';');
        return Combinators.combine(at, at, c, Arbitraries.integers().between(0, 3)).as((i, j, ch, kind) -> switch (kind) {
            case 0 -> text.substring(0, i) + ch + text.substring(i + 1);
            case 1 -> text.substring(0, i) + text.substring(i + 1);
            case 2 -> text.substring(0, i) + ch + text.substring(i);
            default -> text.substring(0, Math.min(i, j)) + text.substring(Math.min(i, j));
        });
    }

    @Provide
    Arbitrary<String> specs() {
        Arbitrary<String> token = Arbitraries.of("constant", "monotonic", "cyclical", "control", "beta", "cycles",
                "ratio", "ramp_steps", "min", "max", "shape", "update", "target", "kp", "ki", "smoothing",
                "target_ramp", "scale", "clamp", "linear", "cosine", "sigmoid", "step", "epoch", "=", ":", ",",
                " then@", "2e", "0", "1", "-1", "0.5", "1e308", "NaN", "Infinity", "99999999999999999999", "..",
                "0..1", " ", "");
        Arbitrary<String> built = token.list().ofMaxSize(12).map(parts -> String.join("", parts));
        return Arbitraries.oneOf(built, mutated("cyclical:cycles=4,ratio=0.5,shape=cosine then@2e control:target=3"),
                Arbitraries.strings().ofMaxLength(40));
    }

    @Property(tries = 500)
    void scheduleSpecsParseOrAreRefusedInOneLine(@ForAll("specs") String spec) {
        try {
            ScheduleSpec.parse(spec);
        } catch (Throwable e) {
            assertClean(e);
        }
    }

    @Provide
    Arbitrary<String> configs() {
        return Arbitraries.oneOf(mutated(CONFIG), mutated(CONFIG).flatMap(HostileInputProperties::mutated));
    }

    @Property(tries = 300)
    void configFilesReadOrAreRefusedInOneLine(@ForAll("configs") String json) throws IOException {
        Path file = Files.writeString(dir.resolve("config.json"), json);
        try {
            RunConfigFile.read(file, Set.of()).setOut(dir.resolve("run")).build();
        } catch (Throwable e) {
            assertClean(e);
        }
    }

    @Provide
    Arbitrary<String> comparisons() {
        return Arbitraries.oneOf(mutated(COMPARISON), mutated(COMPARISON).flatMap(HostileInputProperties::mutated));
    }

    @Property(tries = 300)
    void comparisonFilesReadOrAreRefusedInOneLine(@ForAll("comparisons") String yaml) throws IOException {
        Path file = Files.writeString(dir.resolve("comparison.yaml"), yaml);
        try {
            ComparisonPlan.fromFile(file, "klanneal compare --file comparison.yaml", JsonNodeFactory.instance.objectNode());
        } catch (Throwable e) {
            assertClean(e);
        }
    }

    @Property(tries = 300)
    void idxHeadersNeverClaimMoreThanTheFileHolds(
            @ForAll("magics") int magic, @ForAll List<@net.jqwik.api.constraints.IntRange(min = -5, max = 1 << 20) Integer> dims,
            @ForAll @net.jqwik.api.constraints.IntRange(max = 4096) int payload) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(magic);
        for (int d : dims.subList(0, Math.min(dims.size(), 4))) {
            out.writeInt(d);
        }
        out.write(new byte[payload]);
        Path file = Files.write(dir.resolve("images-idx3-ubyte"), bytes.toByteArray());
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        try {
            IdxFile.read(file, 3);
        } catch (Throwable e) {
            assertClean(e);
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertTrue(allocated < (1 << 20) + 16L * bytes.size(),
                () -> "reading a " + bytes.size() + "-byte file allocated " + allocated + " bytes");
    }

    @Provide
    Arbitrary<Integer> magics() {
        return Arbitraries.oneOf(Arbitraries.of(0x00000803, 0x00000801, 0x00000903, 0x08030000),
                Arbitraries.integers());
    }

    @Property(tries = 200)
    void textFilesReadOrAreRefusedInOneLine(@ForAll List<@net.jqwik.api.constraints.StringLength(max = 60) String> lines)
            throws IOException {
        Path file = Files.write(dir.resolve("corpus.txt"), String.join("\n", lines).getBytes(StandardCharsets.UTF_8));
        try {
            Corpus.read(file);
        } catch (Throwable e) {
            assertClean(e);
        }
    }

    @Property(tries = 200)
    void checkpointStatesAreSkippedOrRefusedInOneLine(@ForAll("states") String state) throws IOException {
        Path run = dir.resolve("run");
        Path checkpoint = Files.createDirectories(run.resolve("checkpoints").resolve("step-0000000010"));
        Files.write(checkpoint.resolve("parameters.params"), new byte[] {1, 2, 3});
        Files.writeString(checkpoint.resolve("state.json"), state);
        try {
            var loaded = new CheckpointStore(run, 1).newest(warning -> { });
            if (loaded.isPresent()) {
                RunCheckpoints.state(loaded.get());
            }
        } catch (Throwable e) {
            assertClean(e);
        }
    }

    @Provide
    Arbitrary<String> states() {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(new byte[] {1, 2, 3});
        String valid = "{\"format\": \"klanneal-checkpoint/2\", \"step\": 10, \"position\": {\"epoch\": 1,"
                + " \"batches\": 2}, \"parts\": {\"history\": {}}, \"arrays\": [], \"files\": {\"parameters.params\":"
                + " {\"bytes\": 3, \"crc32c\": " + crc.getValue() + "}}}";
        return Arbitraries.oneOf(mutated(valid), mutated(valid).flatMap(HostileInputProperties::mutated));
    }
}
