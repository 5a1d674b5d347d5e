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
}
