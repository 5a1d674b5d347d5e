package io.klanneal.run;

import io.klanneal.compare.RunOutcome;
import io.klanneal.config.Option;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.train.BetaAnnealingListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A run continued from a checkpoint, and the rules that keep it the run it was: the options stay
 * (a few that do not change what is computed may), a larger epoch count is allowed only when the
 * schedule gives the steps already trained the same beta.
 *
 * @param checkpoint the checkpoint training continues from
 * @param state what it holds
 * @param recorded the configuration the run was started with
 */
record Resumption(CheckpointStore.Loaded checkpoint, RunCheckpoints.State state, TrainConfig recorded) {

    /** The options a resumed run may change: none of them changes what a step computes. */
    static final Set<Option<?>> MAY_CHANGE = Set.of(
            OptimisationOptions.EPOCHS,
            OptimisationOptions.THREADS,
            OutputOptions.PROGRESS,
            OutputOptions.CHECKPOINT_EVERY,
            OutputOptions.KEEP_CHECKPOINTS);

    /**
     * Refuses options that differ from the run's, except those in {@link #MAY_CHANGE}, and fewer
     * epochs.
     *
     * @param recorded the run's configuration
     * @param resumed the configuration asked for
     * @throws IllegalArgumentException naming each difference
     */
    static void checkChanges(TrainConfig recorded, TrainConfig resumed) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<Option<?>, Object> entry : resumed.options().entrySet()) {
            Option<?> option = entry.getKey();
            Object before = recorded.options().get(option);
            if (!MAY_CHANGE.contains(option)
                    && !RunConfigFile.json(option, before).equals(RunConfigFile.json(option, entry.getValue()))) {
                differences.add(option.flag() + " " + RunConfigFile.json(option, entry.getValue())
                        + " (the run has " + RunConfigFile.json(option, before) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(
                    "a resumed run keeps its options, but " + String.join(", ", differences)
                            + " differ; leave them out (only epochs, threads, progress, checkpoint-every"
                            + " and keep-checkpoints may change) or start a new run");
        }
        int epochs = recorded.get(OptimisationOptions.EPOCHS);
        if (resumed.get(OptimisationOptions.EPOCHS) < epochs) {
            throw new IllegalArgumentException(
                    "option epochs: the run has " + epochs + " epochs; a resumed run may train longer"
                            + " (--epochs more than " + epochs + "), not shorter");
        }
    }

    /**
     * Refuses a run that has nothing left to train.
     *
     * @param runDir the run directory
     * @param state the newest checkpoint's state
     * @param config the resumed configuration
     * @throws IllegalArgumentException when the run is still being trained, stopped early or did
     *     all its epochs
     */
    static void checkUnfinished(Path runDir, RunCheckpoints.State state, TrainConfig config) {
        if (RunOutcome.of(runDir).status().equals("running")) {
            throw new IllegalArgumentException(
                    runDir + " is still being trained by another process (run.json names it); stop that"
                            + " one first");
        }
        if (state.history().stopReason() != null) {
            throw new IllegalArgumentException(
                    runDir + " stopped early (" + state.history().stopReason() + "); there is nothing to resume");
        }
        int done = state.history().epochs().size();
        // Killed after its last checkpoint but before run.json said so, a run only ends on resume.
        if (done >= config.totalEpochs() && RunOutcome.of(runDir).ended()) {
            throw new IllegalArgumentException(
                    runDir + " has trained all its " + done + " epochs; give --epochs N with N more than "
                            + config.get(OptimisationOptions.EPOCHS) + " to train longer");
        }
    }

    /**
     * With more epochs the schedule has another length; refuses it when that changes beta under
     * the steps already trained (a schedule measured in fractions of the run, such as cyclical).
     *
     * @param beta the restored annealing listener
     * @param config the resumed configuration
     * @throws IllegalArgumentException naming the first step whose beta would change
     */
    void checkSchedule(BetaAnnealingListener beta, TrainConfig config) {
        int before = recorded.get(OptimisationOptions.EPOCHS);
        int after = config.get(OptimisationOptions.EPOCHS);
        long differs = before == after ? -1 : beta.firstStepThatDiffers();
        if (differs >= 0) {
            throw new IllegalArgumentException(
                    "schedule " + config.get(ScheduleOptions.SCHEDULE) + " is measured in fractions of the"
                            + " run: with " + after + " epochs instead of " + before + " its beta at step "
                            + differs + " would change after it was trained; resume with --epochs " + before
                            + " (a constant, control or monotonic:ramp_steps=N schedule does not depend on"
                            + " the run's length and can be extended)");
        }
    }
}
