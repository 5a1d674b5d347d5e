package io.klanneal.compare;

import io.klanneal.record.RunStatus;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * What {@code compare} shows while its runs train: one line per run (status, epoch k/N, the last
 * held-out KL, time since it started). At a terminal the lines are redrawn in place; in a pipe or
 * a file a run gets a line when it changed and its last line is at least {@link #PIPE_INTERVAL_NANOS}
 * old, and one more when it ends, so a log stays short and every line says where the run is.
 */
public final class ComparisonProgress {

    /** The least time between two lines of one run in a pipe or file. */
    static final long PIPE_INTERVAL_NANOS = 10_000_000_000L;

    /**
     * Where one run stands.
     *
     * @param status its status word ("waiting" before it starts)
     * @param epoch epochs completed
     * @param epochs epochs it trains
     * @param kl the held-out KL of its last epoch, NaN before the first
     * @param startedNanos when it started, or -1 while it waits
     * @param endedNanos when it ended, or -1 while it has not
     */
    private record Line(String status, int epoch, int epochs, double kl, long startedNanos, long endedNanos) {}

    private final PrintWriter console;
    private final boolean terminal;
    private final LongSupplier clock;
    private final Map<String, Line> lines = new LinkedHashMap<>();
    private final Map<String, String> printed = new LinkedHashMap<>();
    private final Map<String, Long> printedAt = new LinkedHashMap<>();
    private int drawn;

    /**
     * Creates the display.
     *
     * @param console where it writes
     * @param terminal whether that is a terminal, which can redraw lines in place
     * @param clock nanoseconds, as {@link System#nanoTime}
     */
    public ComparisonProgress(PrintWriter console, boolean terminal, LongSupplier clock) {
        this.console = console;
        this.terminal = terminal;
        this.clock = clock;
    }

    /** Lists a run that will train, waiting until a job is free. */
    public synchronized void planned(String run, int epochs) {
        lines.put(run, new Line("waiting", 0, epochs, Double.NaN, -1, -1));
    }

    /** Marks a run as training from now; {@code epoch} is where it resumed (0 for a new run). */
    public synchronized void started(String run, boolean resumed, int epoch) {
        Line line = lines.get(run);
        lines.put(run, new Line(resumed ? "resumed" : "running", epoch, line.epochs(), line.kl(), clock.getAsLong(), -1));
        show(run, false);
    }

    /** Records where a training run stands, as its run directory says. */
    public synchronized void progressed(String run, int epoch, double kl) {
        Line line = lines.get(run);
        if (epoch != line.epoch() || Double.compare(kl, line.kl()) != 0) {
            lines.put(run, new Line(line.status(), epoch, line.epochs(), kl, line.startedNanos(), -1));
        }
        show(run, false);
    }

    /** Records how a run ended: it gets its last line. */
    public synchronized void ended(String run, RunStatus status, int epoch, double kl) {
        Line line = lines.get(run);
        lines.put(run, new Line(status.word(), epoch, line.epochs(), kl, line.startedNanos(), clock.getAsLong()));
        show(run, true);
    }

    // At a terminal, every run's line again in place; else this run's line when it is due.
    private void show(String run, boolean last) {
        if (terminal) {
            StringBuilder block = new StringBuilder();
            if (drawn > 0) {
                block.append("\033[").append(drawn).append('A');
            }
            for (String name : lines.keySet()) {
                block.append('\r').append("\033[2K").append(text(name)).append('\n');
            }
            drawn = lines.size();
            console.print(block);
            console.flush();
            return;
        }
        String text = text(run);
        long now = clock.getAsLong();
        Long at = printedAt.get(run);
        boolean changed = !text(run, false).equals(printed.get(run));
        if (last || (changed && (at == null || now - at >= PIPE_INTERVAL_NANOS))) {
            console.println(text);
            console.flush();
            printed.put(run, text(run, false));
            printedAt.put(run, now);
        }
    }

    private String text(String run) {
        return text(run, true);
    }

    // The line; without the time, to tell whether anything but the clock changed.
    private String text(String run, boolean withTime) {
        Line line = lines.get(run);
        int width = lines.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%-" + width + "s", run));
        parts.add(String.format(Locale.ROOT, "%-13s", line.status()));
        parts.add(String.format(Locale.ROOT, "epoch %d/%d", line.epoch(), line.epochs()));
        parts.add(Double.isNaN(line.kl()) ? "KL -" : String.format(Locale.ROOT, "KL %.3f", line.kl()));
        if (withTime && line.startedNanos() >= 0) {
            long until = line.endedNanos() >= 0 ? line.endedNanos() : clock.getAsLong();
            Duration d = Duration.ofNanos(until - line.startedNanos());
            parts.add(String.format(Locale.ROOT, "%dm%02ds", d.toMinutes(), d.toSecondsPart()));
        }
        return String.join("  ", parts);
    }
}
