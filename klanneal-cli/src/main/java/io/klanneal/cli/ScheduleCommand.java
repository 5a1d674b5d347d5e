package io.klanneal.cli;

import io.klanneal.report.SchedulePlot;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.BoundSchedule;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.schedule.ScheduleWarnings;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code klanneal schedule SPEC --steps T}: beta per step as CSV, optionally as a PNG. */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = "Print a schedule's beta for every step as CSV (step,beta).")
final class ScheduleCommand implements Callable<Integer> {

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(
            paramLabel = "SPEC",
            description = "e.g. constant:beta=0.5, monotonic:ratio=0.5,"
                    + " cyclical:cycles=4,ratio=0.5,shape=cosine,max=1.0,"
                    + " 'monotonic:ratio=1 then@2e cyclical:cycles=3'")
    String scheduleSpec;

    @Option(names = "--steps", paramLabel = "T", required = true, description = "Total optimizer steps T.")
    long steps;

    @Option(
            names = "--steps-per-epoch",
            paramLabel = "N",
            defaultValue = "1",
            description = "Steps in one epoch, for update=epoch specs (default: ${DEFAULT-VALUE}).")
    long stepsPerEpoch;

    @Option(names = "--plot", paramLabel = "FILE.png", description = "Also draw the curve.")
    Path plot;

    @Override
    public Integer call() throws IOException {
        // XChart writes PNG; another name would hold PNG bytes under a lying extension.
        if (plot != null && !plot.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--plot writes a PNG; name the file FILE.png, got " + plot);
        }
        ScheduleSpec parsed = ScheduleSpec.parse(scheduleSpec);
        BetaSchedule schedule = parsed.pure().orElseThrow(() -> new IllegalArgumentException(
                "schedule " + parsed + " follows the KL training measures, so its beta is known only"
                        + " from a run: see RUN/steps.csv (beta per step) and RUN/beta.png"));
        if (steps < 1) {
            throw new IllegalArgumentException("--steps must be at least 1, got " + steps);
        }
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException(
                    "--steps-per-epoch must be at least 1, got " + stepsPerEpoch);
        }
        // The guard rails train applies to the same schedule and run length.
        for (String warning : ScheduleWarnings.check(parsed.schedule(), steps, stepsPerEpoch)) {
            spec.commandLine().getErr().println("klanneal: warning: schedule " + parsed + ": " + warning);
        }
        BoundSchedule bound = BoundSchedule.of(schedule, steps, stepsPerEpoch);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder csv = new StringBuilder("step,beta\n");
        for (long step = 0; step < steps; step++) {
            double beta = bound.beta(step);
            csv.append(step).append(',').append(String.format(Locale.ROOT, "%.9g", beta)).append('\n');
        }
        out.print(csv);
        out.flush();
        if (plot != null) {
            SchedulePlot.write(plot, bound, parsed.toString());
        }
        return 0;
    }
}
