package io.klanneal.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What tests compare between run directories (also the cli and spark modules' tests, through the test jar). */
public final class RunFiles {

    private RunFiles() {}

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

    /** Asserts the same CSV rows and columns, every number within 5% of the larger (or 0.002). */
    public static void assertClose(List<String> expected, List<String> actual) {
        org.junit.jupiter.api.Assertions.assertEquals(expected.size(), actual.size(), "rows");
        for (int r = 0; r < expected.size(); r++) {
            String[] a = expected.get(r).split(",", -1);
            String[] b = actual.get(r).split(",", -1);
            org.junit.jupiter.api.Assertions.assertEquals(a.length, b.length, "columns of row " + r);
            for (int c = 0; c < a.length; c++) {
                if (r == 0 || a[c].isEmpty() || a[c].equals(b[c])) {
                    org.junit.jupiter.api.Assertions.assertEquals(a[c], b[c], "row " + r + ", column " + c);
                    continue;
                }
                double x = Double.parseDouble(a[c]);
                double y = Double.parseDouble(b[c]);
                double bound = Math.max(0.002, 0.05 * Math.max(Math.abs(x), Math.abs(y)));
                org.junit.jupiter.api.Assertions.assertTrue(
                        Math.abs(x - y) <= bound, "row " + r + ", column " + c + ": " + x + " vs " + y);
            }
        }
    }
}
