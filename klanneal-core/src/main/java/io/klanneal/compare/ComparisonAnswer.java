package io.klanneal.compare;

import io.klanneal.schedule.Counts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The answer a comparison gives, in words: which schedules collapsed (the collapse alarm's rule),
 * which kept information in z, and what each cost or gained in held-out -ELBO against the best,
 * said to be within noise when the difference is no larger than the spread over seeds, and
 * unknown in spread with one seed. The report, summary.md and {@code compare} all show it.
 */
final class ComparisonAnswer {

    /**
     * One schedule's (group's) numbers, means and sample sds over its finished runs.
     *
     * @param name the group
     * @param runs its runs
     * @param finished those that trained to their end
     * @param collapsed finished runs in which the collapse alarm fired and z still carried nothing
     *     at the chosen epoch
     * @param recovered finished runs in which the alarm fired early but z carried information at the
     *     chosen epoch
     * @param elbo held-out -ELBO, {mean, sd}
     * @param kl held-out KL, {mean, sd}
     * @param activeUnits active units, {mean, sd}, NaN when not measured
     * @param mutualInformation MI in nats, {mean, sd}, NaN when not measured
     */
    record Group(String name, int runs, int finished, int collapsed, int recovered, double[] elbo, double[] kl,
            double[] activeUnits, double[] mutualInformation) {}

    private ComparisonAnswer() {}

    /** Returns the paragraph, or a sentence saying no run finished. */
    static String paragraph(List<Group> groups) {
        List<String> sentences = new ArrayList<>();
        List<Group> done = groups.stream().filter(g -> g.finished() > 0 && !Double.isNaN(g.elbo()[0])).toList();
        for (Group g : groups) {
            if (g.finished() < g.runs()) {
                sentences.add(String.format(Locale.ROOT, "%d of %d runs of `%s` did not finish (see the runs table).",
                        g.runs() - g.finished(), g.runs(), g.name()));
            }
        }
        if (done.isEmpty()) {
            sentences.add("No run finished, so there is nothing to compare.");
            return String.join(" ", sentences);
        }
        List<String> collapsed = new ArrayList<>();
        List<Group> kept = new ArrayList<>();
        for (Group g : done) {
            if (g.collapsed() == g.finished()) {
                collapsed.add("`" + g.name() + "`" + code(g));
            } else if (g.collapsed() > 0) {
                collapsed.add(String.format(Locale.ROOT, "`%s` in %d of %d runs%s", g.name(), g.collapsed(), g.finished(), code(g)));
            } else {
                kept.add(g);
            }
        }
        sentences.add(collapsed.isEmpty()
                ? "On this data no schedule collapsed by the collapse alarm's rule."
                : "On this data " + join(collapsed) + " collapsed (the collapse alarm fired: the decoder ignored z).");
        for (Group g : done) {
            if (g.recovered() > 0) {
                sentences.add(String.format(Locale.ROOT, "`%s` recovered from an early collapse (the alarm fired in %d of"
                        + " %d runs, yet z carried information at the chosen epoch).", g.name(), g.recovered(), g.finished()));
            }
        }
        // Most information first: MI where it was measured, else KL.
        kept.sort(Comparator.comparingDouble((Group g) -> Double.isNaN(g.mutualInformation()[0]) ? g.kl()[0] : g.mutualInformation()[0]).reversed());
        if (!kept.isEmpty()) {
            List<String> rest = kept.stream().skip(1).map(g -> "`" + g.name() + "`" + code(g)).toList();
            sentences.add("`" + kept.get(0).name() + "` kept the most information in z" + code(kept.get(0))
                    + (rest.isEmpty() ? "." : "; then " + join(rest) + "."));
        }
        Group best = done.stream().min(Comparator.comparingDouble(g -> g.elbo()[0])).orElseThrow();
        if (done.size() > 1) {
            List<String> behind = new ArrayList<>();
            boolean oneSeed = done.stream().allMatch(g -> Double.isNaN(g.elbo()[1]));
            for (Group g : done) {
                if (g == best) {
                    continue;
                }
                double gap = g.elbo()[0] - best.elbo()[0];
                String verdict = oneSeed || Double.isNaN(g.elbo()[1]) || Double.isNaN(best.elbo()[1])
                        ? ""
                        : gap <= Math.max(g.elbo()[1], best.elbo()[1]) ? " (within noise)" : " (more than the spread over seeds)";
                behind.add(String.format(Locale.ROOT, "`%s` %.2f more%s", g.name(), gap, verdict));
            }
            sentences.add(String.format(Locale.ROOT, "`%s` has the lowest held-out -ELBO (%.2f nats); %s.",
                    best.name(), best.elbo()[0], String.join(", ", behind)));
            if (oneSeed) {
                sentences.add("With one seed per schedule no spread is known: run --seeds 1,2,3 to tell a difference from noise.");
            }
        }
        return String.join(" ", sentences);
    }

    // " (KL 1.05, 19 active units, MI 0.35 nats)", with what was measured.
    private static String code(Group g) {
        List<String> parts = new ArrayList<>();
        parts.add(String.format(Locale.ROOT, "KL %.2f", g.kl()[0]));
        if (!Double.isNaN(g.activeUnits()[0])) {
            double au = g.activeUnits()[0];
            parts.add(au == Math.rint(au) ? Counts.of((long) au, "active unit")
                    : String.format(Locale.ROOT, "%.1f active units", au));
        }
        if (!Double.isNaN(g.mutualInformation()[0])) {
            parts.add(String.format(Locale.ROOT, "MI %.2f nats", g.mutualInformation()[0]));
        }
        return " (" + String.join(", ", parts) + ")";
    }

    private static String join(List<String> items) {
        return items.size() == 1
                ? items.get(0)
                : String.join(", ", items.subList(0, items.size() - 1)) + " and " + items.get(items.size() - 1);
    }
}
