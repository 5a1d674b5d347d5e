package io.klanneal.cli;

import io.klanneal.report.SchedulePlot;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.BoundSchedule;
import io.klanneal.schedule.LearningRateSchedule;
import io.klanneal.schedule.Progress;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.schedule.ScheduleWarnings;
import io.klanneal.schedule.Structure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code klanneal schedule SPEC --steps T}: beta per step as CSV, optionally as a PNG, with the
 * learning rate's factor beside it when {@code --lr-schedule} is given.
 */
@Command(
        name = "schedule",
        mixinStandardHelpOptions = true,
        description = "Print a schedule's beta for every step as CSV (step,beta), and with --lr-schedule"
                + " the learning rate's factor of --lr (step,beta,lr_factor).")
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

    @Option(
            names = "--lr-schedule",
            paramLabel = "SPEC",
            description = "Also the learning-rate schedule's factor per step, e.g. cosine:restart=cycle"
                    + " (a restart per cycle of SPEC); plateau follows a run's held-out loss, see RUN/metrics.csv.")
    String learningRateSpec;

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
        double[] factors = learningRateSpec == null ? null : factors(parsed);
        PrintWriter out = spec.commandLine().getOut();
        StringBuilder csv = new StringBuilder(factors == null ? "step,beta\n" : "step,beta,lr_factor\n");
        for (int step = 0; step < steps; step++) {
            csv.append(step).append(',').append(String.format(Locale.ROOT, "%.9g", bound.beta(step)));
            if (factors != null) {
                csv.append(',').append(String.format(Locale.ROOT, "%.9g", factors[step]));
            }
            csv.append('\n');
        }
        out.print(csv);
        out.flush();
        if (plot != null) {
            SchedulePlot.write(plot, bound, parsed + (factors == null ? "" : "; lr " + learningRateSpec), factors);
        }
        return 0;
    }

    // The learning rate's factor at each step, as training computes it for a run of this shape.
    private double[] factors(ScheduleSpec beta) {
        LearningRateSchedule learningRate = LearningRateSchedule.parse(learningRateSpec);
        if (learningRate.readsLosses()) {
            throw new IllegalArgumentException("learning-rate schedule " + learningRate + " follows the held-out"
                    + " loss of a run, so its rate is known only from one: see RUN/metrics.csv (lr per epoch)");
        }
        Structure structure = beta.schedule().structure(steps, stepsPerEpoch);
        learningRate.check(structure);
        Progress run = new Progress(0, steps, stepsPerEpoch);
        double[] factors = new double[Math.toIntExact(steps)];
        for (int step = 0; step < steps; step++) {
            factors[step] = learningRate.factor(step, run, structure, new double[0]);
        }
        return factors;
    }
}
