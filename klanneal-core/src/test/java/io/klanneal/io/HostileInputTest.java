package io.klanneal.io;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.klanneal.compare.ComparisonPlan;
import io.klanneal.data.IdxFile;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunCheckpoints;
import io.klanneal.run.RunConfigFile;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.text.Corpus;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Generated and mutated user files fed to klanneal's parsers, hundreds of cases each from a fixed
 * seed: the outcome is a valid result or a clean refusal (an IOException or IllegalArgumentException
 * with a message of one line, which the CLI prints as one line), never another exception, an error,
 * or memory claimed beyond what the input holds.
 */
class HostileInputTest {

    private static final String CONFIG = "{\"format\": \"klanneal-config/2\", \"options\": {\"model\": \"dense\","
            + " \"epochs\": 3, \"batch-size\": 64, \"lr\": 0.001, \"schedule\": \"cyclical:cycles=2\","
            + " \"checkpoint-every\": \"10m\", \"latent\": 2}, \"data_files\": []}";
    private static final String COMPARISON = "options: {model: dense, epochs: 2}\n"
            + "runs:\n  - {schedule: \"constant:beta=1\"}\n  - {schedule: \"cyclical:cycles=2\", lr: 0.01}\n"
            + "seeds: [1, 2]\n";
    private static final String SPEC = "cyclical:cycles=4,ratio=0.5,shape=cosine then@2e control:target=3";
    private static final char[] EDITS = {'"', '{', '}', '[', ']', ':', ',', '-', '1', '9', 'e', ' ', '\n', 'x',
        '\u00e9', '\u0000', '.', '=', ';', '@'};
    private static final String[] SPEC_TOKENS = {"constant", "monotonic", "cyclical", "control", "beta", "cycles",
        "ratio", "ramp_steps", "min", "max", "shape", "update", "target", "kp", "ki", "smoothing", "target_ramp",
        "scale", "clamp", "linear", "cosine", "sigmoid", "step", "epoch", "=", ":", ",", " then@", "2e", "0", "1",
        "-1", "0.5", "1e308", "NaN", "Infinity", "99999999999999999999", "..", "0..1", " ", "\t", "\n"};

    @TempDir Path dir;

    /** A case that failed, named with the input that made it fail. */
    @FunctionalInterface
    private interface Case {
        void run(String input) throws Exception;
    }

    // Runs every input; a case that throws anything but a clean refusal fails, naming the input.
    private static void eachRefusedCleanly(List<String> inputs, Case parse) throws Exception {
        for (String input : inputs) {
            try {
                parse.run(input);
            } catch (IOException | IllegalArgumentException refused) {
                String message = refused.getMessage();
                assertTrue(message != null && !message.isBlank() && !message.contains("\n"),
                        () -> "not one line for " + quoted(input) + ": " + message);
            } catch (Exception | Error other) {
                throw new AssertionError("not a clean refusal for " + quoted(input) + ": " + other, other);
            }
        }
    }

    private static String quoted(String input) {
        return "\"" + input.replace("\n", "\\n").replace("\u0000", "\\u0000") + "\"";
    }

    // Each text with one to three random edits: a character replaced, deleted or inserted, or a tail cut.
    private static List<String> mutations(String text, int count, long seed) {
        Random random = new Random(seed);
        List<String> mutated = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            String s = text;
            for (int edits = 1 + random.nextInt(3); edits > 0 && !s.isEmpty(); edits--) {
                int i = random.nextInt(s.length());
                char c = EDITS[random.nextInt(EDITS.length)];
                s = switch (random.nextInt(4)) {
                    case 0 -> s.substring(0, i) + c + s.substring(i + 1);
                    case 1 -> s.substring(0, i) + s.substring(i + 1);
                    case 2 -> s.substring(0, i) + c + s.substring(i);
                    default -> s.substring(0, i);
                };
            }
            mutated.add(s);
        }
        return mutated;
    }

    @Test
    void scheduleSpecsParseOrAreRefusedInOneLine() throws Exception {
        Random random = new Random(1);
        List<String> specs = new ArrayList<>(mutations(SPEC, 300, 2));
        for (int n = 0; n < 300; n++) {
            StringBuilder spec = new StringBuilder();
            for (int t = random.nextInt(12); t > 0; t--) {
                spec.append(SPEC_TOKENS[random.nextInt(SPEC_TOKENS.length)]);
            }
            specs.add(spec.toString());
        }
        eachRefusedCleanly(specs, ScheduleSpec::parse);
    }

    @Test
    void configFilesReadOrAreRefusedInOneLine() throws Exception {
        Path file = dir.resolve("config.json");
        eachRefusedCleanly(mutations(CONFIG, 400, 3), json -> {
            Files.writeString(file, json);
            RunConfigFile.read(file, Set.of()).setOut(dir.resolve("run")).build();
        });
    }

    @Test
    void comparisonFilesReadOrAreRefusedInOneLine() throws Exception {
        Path file = dir.resolve("comparison.yaml");
        eachRefusedCleanly(mutations(COMPARISON, 400, 4), yaml -> {
            Files.writeString(file, yaml);
            ComparisonPlan.fromFile(file, "klanneal compare --file comparison.yaml", JsonNodeFactory.instance.objectNode());
        });
    }

    @Test
    void textFilesReadOrAreRefusedInOneLine() throws Exception {
        Path file = dir.resolve("corpus.txt");
        Random random = new Random(5);
        List<String> texts = new ArrayList<>();
        for (int n = 0; n < 200; n++) {
            StringBuilder text = new StringBuilder();
            for (int c = random.nextInt(300); c > 0; c--) {
                text.append(random.nextInt(8) == 0 ? '\n' : (char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 'a' + random.nextInt(26)));
            }
            texts.add(text.toString());
        }
        eachRefusedCleanly(texts, text -> {
            Files.write(file, text.getBytes(StandardCharsets.UTF_8));
            Corpus.read(file);
        });
    }

    @Test
    void checkpointStatesAreSkippedOrRefusedInOneLine() throws Exception {
        Path run = dir.resolve("run");
        Path checkpoint = Files.createDirectories(run.resolve("checkpoints").resolve("step-0000000010"));
        Files.write(checkpoint.resolve("parameters.params"), new byte[] {1, 2, 3});
        CRC32C crc = new CRC32C();
        crc.update(new byte[] {1, 2, 3});
        String valid = "{\"format\": \"klanneal-checkpoint/2\", \"step\": 10, \"position\": {\"epoch\": 1,"
                + " \"batches\": 2}, \"parts\": {\"history\": {}}, \"arrays\": [], \"files\": {\"parameters.params\":"
                + " {\"bytes\": 3, \"crc32c\": " + crc.getValue() + "}}}";
        eachRefusedCleanly(mutations(valid, 300, 6), state -> {
            Files.writeString(checkpoint.resolve("state.json"), state);
            var loaded = new CheckpointStore(run, 1).newest(warning -> { });
            if (loaded.isPresent()) {
                RunCheckpoints.state(loaded.get());
            }
        });
    }

    @Test
    void idxHeadersCannotClaimMoreMemoryThanTheFileHolds() throws Exception {
        Path file = dir.resolve("images-idx3-ubyte");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Random random = new Random(7);
        int[] magics = {0x00000803, 0x00000801, 0x00000903, 0x08030000};
        for (int n = 0; n < 300; n++) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeInt(random.nextBoolean() ? magics[random.nextInt(magics.length)] : random.nextInt());
            for (int d = random.nextInt(5); d > 0; d--) {
                out.writeInt(random.nextInt(4) == 0 ? random.nextInt() : random.nextInt(1 << 20) - 5);
            }
            out.write(new byte[random.nextInt(4096)]);
            Files.write(file, bytes.toByteArray());
            long before = threads.getCurrentThreadAllocatedBytes();
            eachRefusedCleanly(List.of("header " + n), header -> IdxFile.read(file, 3));
            long allocated = threads.getCurrentThreadAllocatedBytes() - before;
            assertTrue(allocated < (1 << 20) + 16L * bytes.size(),
                    "reading a " + bytes.size() + "-byte file allocated " + allocated + " bytes");
        }
    }
}
