package io.klanneal.compare;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.klanneal.compare.ComparisonReport.Column;
import io.klanneal.compare.ComparisonReport.Row;
import io.klanneal.io.FaultyFileSystem;
import io.klanneal.io.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The summary's statistics, which value is marked best, and the report on a full device. */
class ComparisonReportTest {

    @TempDir Path dir;

    private static final Column ELBO = ComparisonReport.COLUMNS.get(2);
    private static final Column KL = ComparisonReport.COLUMNS.get(1);
    private static final Column UNITS = ComparisonReport.COLUMNS.get(5);

    private static Row row(String group, double elbo, double kl, double units) {
        return new Row(group, 1, 1, "10", Map.of(
                ELBO, new double[] {elbo, Double.NaN},
                KL, new double[] {kl, Double.NaN},
                UNITS, new double[] {units, Double.NaN}));
    }

    @Test
    void wholeNumbersPrintWholeAndOthersToTheMeansPrecision() {
        assertEquals("2", ComparisonReport.format(new double[] {2, Double.NaN}), "one seed's active units");
        assertEquals("1 ± 0", ComparisonReport.format(new double[] {1, 0}));
        assertEquals("1.500 ± 0.707", ComparisonReport.format(new double[] {1.5, Math.sqrt(0.5)}));
        assertEquals("116.71 ± 0.25", ComparisonReport.format(new double[] {116.7149, 0.2511}));
        assertEquals("0.0388", ComparisonReport.format(new double[] {0.03881, Double.NaN}));
        assertEquals("n/a", ComparisonReport.format(new double[] {Double.NaN, Double.NaN}));
    }

    @Test
    void meanAndSampleStandardDeviationSkipMissingValues() {
        assertArrayEquals(new double[] {2, Math.sqrt(2)}, ComparisonReport.meanSd(new double[] {1, Double.NaN, 3}), 1e-12);
        double[] single = ComparisonReport.meanSd(new double[] {4});
        assertEquals(4, single[0]);
        assertTrue(Double.isNaN(single[1]), "no spread from one seed");
        assertTrue(Double.isNaN(ComparisonReport.meanSd(new double[0])[0]));
    }

    @Test
    void theLowestElboAndTheMostActiveUnitsAreBestButKlAndTiesAreNotMarked() {
        List<Row> rows = List.of(row("constant", 90, 0.1, 3), row("cyclical", 88, 4, 3), row("monotonic", 89, 2, 1));
        assertEquals("cyclical", ComparisonReport.best(rows, ELBO));
        assertNull(ComparisonReport.best(rows, KL), "KL has no better direction");
        assertNull(ComparisonReport.best(rows, UNITS), "a tie at the top marks nothing");
        assertEquals("constant", ComparisonReport.best(List.of(row("constant", 1, 1, 5), row("c", 1, 1, 3)), UNITS));
    }

    @Test
    void aReportThatCannotBeWrittenForWantOfRoomSaysSoInOneLineAndLeavesThePreviousFilesWhole() throws Exception {
        ComparisonPlan.expand("klanneal compare", JsonNodeFactory.instance.objectNode().put("epochs", 1),
                Map.of("constant", JsonNodeFactory.instance.objectNode()), List.of(1L)).write(dir);
        FaultyFileSystem device = new FaultyFileSystem();
        Path comparison = device.wrap(dir);
        ComparisonReport.write(comparison);
        Map<Path, String> before = contents(dir);
        assertTrue(before.keySet().containsAll(List.of(dir.resolve("report.html"), dir.resolve("summary.csv"))),
                before.keySet().toString());

        device.setFullAfter(device.written() + 1000);
        StorageException e = assertThrows(StorageException.class, () -> ComparisonReport.write(comparison));
        assertTrue(e.getMessage().startsWith(dir + " ran out of room on its device ("), e.getMessage());
        assertTrue(e.getMessage().endsWith(" free); free space, then klanneal report " + dir), e.getMessage());
        assertEquals(before, contents(dir), "every file whole as before, no staging file left");
    }

    private static Map<Path, String> contents(Path dir) throws Exception {
        Map<Path, String> files = new LinkedHashMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                files.put(file, Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
            }
        }
        return files;
    }
}
