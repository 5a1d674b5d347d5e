package io.klanneal.run;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** What tests compare between run directories (also the cli and spark modules' tests, through the test jar). */
public final class RunFiles {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFiles() {}

    /**
     * Asserts that a run ended as another did: steps.csv, metrics.csv bar the seconds,
     * kl_per_dim.csv, run.json's outcome and the saved parameters, bit for bit. Either run may be
     * on any file system.
     */
    static void assertSameRun(Path expected, Path actual) throws IOException {
        assertEquals(text(expected, "steps.csv"), text(actual, "steps.csv"));
        assertEquals(metrics(expected), metrics(actual));
        assertEquals(text(expected, "kl_per_dim.csv"), text(actual, "kl_per_dim.csv"));
        JsonNode before = JSON.readTree(Files.readAllBytes(expected.resolve("run.json")));
        JsonNode after = JSON.readTree(Files.readAllBytes(actual.resolve("run.json")));
        for (String key : List.of("status", "epochs_completed", "steps_completed", "best", "collapse_alarm")) {
            assertEquals(before.get(key), after.get(key), key);
        }
        try (Stream<Path> files = Files.list(expected.resolve("model"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".params")).toList()) {
                assertArrayEquals(Files.readAllBytes(f),
                        Files.readAllBytes(actual.resolve("model").resolve(f.getFileName().toString())),
                        "parameters " + f.getFileName());
            }
        }
    }

    /** Returns metrics.csv without the wall-clock column and the named diagnostic columns. */
    public static List<String> metrics(Path run, String... dropped) throws IOException {
        List<String> lines = Files.readAllLines(run.resolve("metrics.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        List<String> kept = new ArrayList<>();
        for (String line : lines) {
            String[] cells = line.split(",", -1);
            List<String> row = new ArrayList<>();
            for (int c = 0; c < cells.length; c++) {
                String column = header.get(c);
                if (!column.equals("seconds") && !List.of(dropped).contains(column)) {
                    row.add(cells[c]);
                }
            }
            kept.add(String.join(",", row));
        }
        return kept;
    }

    /** Returns a file of the run directory as text. */
    static String text(Path run, String file) throws IOException {
        return Files.readString(run.resolve(file));
    }

    /** Returns the lines of a file of the run directory. */
    static List<String> lines(Path run, String file) throws IOException {
        return Files.readAllLines(run.resolve(file));
    }
}
