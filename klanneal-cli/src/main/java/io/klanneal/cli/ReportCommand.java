package io.klanneal.cli;

import io.klanneal.compare.ComparisonReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code klanneal report DIR}: rebuilds a comparison's report from its runs, without training. */
@Command(
        name = "report",
        mixinStandardHelpOptions = true,
        description = "Rebuild report.html, summary.csv and summary.md of a comparison directory"
                + " from its runs, without training, and print its answer in words.")
final class ReportCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DIR", description = "A directory klanneal compare wrote.")
    Path dir;

    @Override
    public Integer call() throws Exception {
        Path report = ComparisonReport.write(dir);
        spec.commandLine().getOut().println(ComparisonReport.answer(dir));
        spec.commandLine().getOut().printf("report: %s%n", report.toAbsolutePath());
        return 0;
    }
}
