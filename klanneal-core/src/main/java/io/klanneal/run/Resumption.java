package io.klanneal.run;

import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.config.TrainOption;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.RunCheckpoints;
import io.klanneal.record.RunDirectory;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import io.klanneal.schedule.BoundSchedule;
import io.klanneal.schedule.LearningRateSchedule;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeTraining.LoopPosition;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A run continued from a checkpoint, and the rules that keep it the run it was: the options stay
 * (a few that do not change what is computed may), a larger epoch count is allowed only when the
 * schedule gives the steps already trained the same beta.
 *
 * @param checkpoint the checkpoint training continues from
 * @param state what it holds
 * @param recorded the configuration the run was started with
 * @param resumed the configuration it continues with
 */
record Resumption(
        CheckpointStore.Loaded checkpoint, RunCheckpoints.State state, TrainConfig recorded, TrainConfig resumed) {

    private static final Logger LOG = LoggerFactory.getLogger(Resumption.class);

    // The options a resumed run may change ({@link TrainOption#resumable}), by name in help order.
    private static String mayChange() {
        List<String> names = ModelRecipes.allOptions().stream()
                .filter(TrainOption::resumable)
                .map(TrainOption::name)
                .toList();
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /**
     * Checks that a run can be resumed as asked and finds the checkpoint it continues from;
     * checkpoints after it (skipped as corrupt) are deleted.
     *
     * @param dir the run directory
     * @param recorded the configuration it was started with
     * @param resumed the configuration asked for
     * @param notice told which checkpoint the run continues from
     * @return the resumption
     * @throws IOException if there is no usable checkpoint
     * @throws IllegalArgumentException when an option may not change or nothing is left to train
     */
    static Resumption prepare(RunDirectory dir, TrainConfig recorded, TrainConfig resumed, Consumer<String> notice)
            throws IOException {
        checkChanges(recorded, resumed);
        CheckpointStore store = new CheckpointStore(dir.root(), resumed.get(OutputOptions.KEEP_CHECKPOINTS));
        CheckpointStore.Loaded checkpoint =
                store.newest(LOG::warn)
                        .orElseThrow(() -> new IOException(
                                dir.root() + " has no complete checkpoint to resume from; train it again with"
                                        + " klanneal train --config " + dir.configFile() + " --out NEW_DIR"));
        RunCheckpoints.State state = RunCheckpoints.state(checkpoint);
        checkUnfinished(dir, state.part("history", TrainingHistory.Snapshot.class), resumed);
        store.discardAfter(checkpoint.step());
        notice.accept(String.format(
                Locale.ROOT,
                "resuming %s from %s (epoch %d, %d of its batches done; step %d)",
                dir.root(), dir.root().relativize(checkpoint.dir()), state.position().epoch() + 1,
                state.position().batches(), checkpoint.step()));
        return new Resumption(checkpoint, state, recorded, resumed);
    }

    /**
     * Puts the checkpoint back into a run built afresh and checks its schedule.
     *
     * @param checkpoints the run's checkpoints, its parts registered
     * @param record the run's record, which lists the step it resumed from
     * @param beta the annealing listener, restored with the rest
     * @return where the loop continues
     * @throws IOException if the checkpoint does not fit the run
     */
    LoopPosition restore(RunCheckpoints checkpoints, RunRecord record, BetaAnnealingListener beta)
            throws IOException {
        checkpoints.restore(checkpoint, state);
        record.resumedFrom(checkpoint.step());
        checkSchedule(beta);
        return state.position();
    }

    /**
     * Refuses options that differ from the run's, except {@link TrainOption#resumable} ones, and fewer
     * epochs.
     *
     * @param recorded the run's configuration
     * @param resumed the configuration asked for
     * @throws IllegalArgumentException naming each difference
     */
    static void checkChanges(TrainConfig recorded, TrainConfig resumed) {
        List<String> differences = new ArrayList<>();
        for (Map.Entry<TrainOption<?>, Object> entry : resumed.options().entrySet()) {
            TrainOption<?> option = entry.getKey();
            Object before = recorded.options().get(option);
            if (!option.resumable()
                    && !RunConfigFile.json(option, before).equals(RunConfigFile.json(option, entry.getValue()))) {
                differences.add(option.flag() + " " + RunConfigFile.json(option, entry.getValue())
                        + " (the run has " + RunConfigFile.json(option, before) + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException(
                    "a resumed run keeps its options, but " + String.join(", ", differences)
                            + " differ; leave them out (only " + mayChange() + " may change) or start a new run");
        }
        int epochs = recorded.get(OptimisationOptions.EPOCHS);
        if (resumed.get(OptimisationOptions.EPOCHS) < epochs) {
            throw new IllegalArgumentException(
                    "option epochs: the run has " + epochs + " epochs; a resumed run may train longer"
                            + " (--epochs more than " + epochs + "), not shorter");
        }
    }

    // Refuses a run still being trained, one that stopped early and one that did all its epochs.
    private static void checkUnfinished(RunDirectory dir, TrainingHistory.Snapshot history, TrainConfig config) {
        // Called with the run's lock held (TrainRun.resume).
        RunRecord.Outcome outcome = RunRecord.read(dir.root(), true);
        if (outcome.status() == RunStatus.RUNNING) {
            throw new IllegalArgumentException(
                    dir.root() + " is still being trained by another process (" + RunDirectory.RECORD_FILE
                            + " names it); stop that one first");
        }
        if (history.stopReason() != null) {
            throw new IllegalArgumentException(
                    dir.root() + " stopped early (" + history.stopReason() + "); there is nothing to resume");
        }
        int done = history.epochs().size();
        // Killed after its last checkpoint but before run.json said so, a run only ends on resume.
        if (done >= config.totalEpochs() && outcome.ended()) {
            throw new IllegalArgumentException(
                    dir.root() + " has trained all its " + done + " epochs; give --epochs N with N more than "
                            + config.get(OptimisationOptions.EPOCHS) + " to train longer");
        }
    }

    // With more epochs the schedule has another length; refuses it when that changes beta under
    // the steps already trained (a schedule measured in fractions of the run, such as cyclical).
    private void checkSchedule(BetaAnnealingListener beta) {
        int before = recorded.get(OptimisationOptions.EPOCHS);
        int after = resumed.get(OptimisationOptions.EPOCHS);
        LearningRateSchedule rate = recorded.get(OptimisationOptions.LR_SCHEDULE);
        if (after != before && rate.followsRunLength()) {
            throw new IllegalArgumentException(
                    "learning-rate schedule " + rate + " is measured over the run (or its beta cycles): with "
                            + after + " epochs instead of " + before + " the rate of the steps trained would change;"
                            + " resume with --epochs " + before);
        }
        BoundSchedule longer = beta.schedule();
        long differs = longer.over(longer.stepsPerEpoch() * recorded.totalEpochs())
                .firstChangedStep(longer.totalSteps(), checkpoint.step());
        if (differs >= 0) {
            throw new IllegalArgumentException(
                    "schedule " + recorded.get(ScheduleOptions.SCHEDULE) + " is measured in fractions of the"
                            + " run: with " + after + " epochs instead of " + before + " its beta at step "
                            + differs + " would change after it was trained; resume with --epochs " + before
                            + " (a constant, control or monotonic:ramp_steps=N schedule does not depend on"
                            + " the run's length and can be extended)");
        }
    }
}
