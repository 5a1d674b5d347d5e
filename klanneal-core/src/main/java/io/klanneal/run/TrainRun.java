package io.klanneal.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListener;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.training.tracker.Tracker;
import ai.djl.translate.TranslateException;
import io.klanneal.config.DataOptions;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.report.AtomicFiles;
import io.klanneal.report.CheckpointListener;
import io.klanneal.report.CollapseAlarm;
import io.klanneal.report.ModelChoice;
import io.klanneal.report.ModelSelectionListener;
import io.klanneal.report.ProgressListener;
import io.klanneal.report.RunReportListener;
import io.klanneal.report.RunStatus;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.Boundary;
import io.klanneal.schedule.FeedbackSchedule;
import io.klanneal.schedule.ScheduleWarnings;
import io.klanneal.schedule.SettledEpochs;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.DecoderReset;
import io.klanneal.train.GradientNormClipping;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.ResumableAdam;
import io.klanneal.train.TrainingDivergedException;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeLoss;
import io.klanneal.train.VaeTrainer;
import io.klanneal.train.VaeTraining;
import io.klanneal.train.VaeTraining.LoopPosition;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the model a {@link TrainConfig} names and writes its {@link RunDirectory}: the model kind's
 * {@link ModelRecipe} supplies data, block and diagnostics; everything else is the same for every
 * kind.
 */
public final class TrainRun {

    private static final Logger LOG = LoggerFactory.getLogger(TrainRun.class);

    private TrainRun() {}

    /**
     * Runs training.
     *
     * @param config the run's configuration
     * @return what training measured
     * @throws IOException if the data cannot be read or the run directory cannot be written
     * @throws TranslateException if a batch cannot be built
     */
    public static TrainingHistory run(TrainConfig config) throws IOException, TranslateException {
        return run(config, ModelRecipe.of(config.model()), null);
    }

    /**
     * Continues an interrupted run from its newest complete checkpoint, in its own directory, as if
     * it had never stopped: same options, same data (checked by SHA-256), same random streams. The
     * CSVs are trimmed to the checkpoint's rows and rewritten as training goes on.
     *
     * @param runDir the run directory
     * @param changes sets the options that may change: a larger {@code epochs} (when the schedule
     *     gives the steps already trained the same beta), {@code threads}, {@code progress}, {@code
     *     checkpoint-every} and {@code keep-checkpoints}
     * @param notice told which checkpoint the run continues from, before training
     * @return what training measured, from the first step
     * @throws IOException if the run has no usable checkpoint, its config.json does not match this
     *     klanneal's options or its data changed
     * @throws IllegalArgumentException naming an option that differs from the run's and may not
     * @throws TranslateException if a batch cannot be built
     */
    public static TrainingHistory resume(
            Path runDir, Consumer<TrainConfig.Builder> changes, Consumer<String> notice)
            throws IOException, TranslateException {
        RunDirectory dir = RunDirectory.open(runDir);
        TrainConfig recorded = RunConfigFile.readToResume(dir.configFile()).setOut(runDir).build();
        TrainConfig.Builder builder = RunConfigFile.readToResume(dir.configFile());
        changes.accept(builder);
        TrainConfig config = builder.setOut(runDir).build();
        Resumption.checkChanges(recorded, config);
        CheckpointStore store = new CheckpointStore(runDir, config.get(OutputOptions.KEEP_CHECKPOINTS));
        CheckpointStore.Loaded checkpoint =
                store.newest(LOG::warn)
                        .orElseThrow(() -> new IOException(
                                runDir + " has no complete checkpoint to resume from; train it again with"
                                        + " klanneal train --config " + dir.configFile() + " --out NEW_DIR"));
        RunCheckpoints.State state = RunCheckpoints.state(checkpoint);
        Resumption.checkUnfinished(runDir, state, config);
        store.discardAfter(checkpoint.step());
        notice.accept(String.format(
                java.util.Locale.ROOT,
                "resuming %s from %s (epoch %d, %d of its batches done; step %d)",
                runDir, runDir.relativize(checkpoint.dir()), state.position().epoch() + 1,
                state.position().batches(), checkpoint.step()));
        return run(config, ModelRecipe.of(config.model()), new Resumption(checkpoint, state, recorded));
    }

    private static <D> TrainingHistory run(TrainConfig config, ModelRecipe<D> recipe, Resumption resumption)
            throws IOException, TranslateException {
        RandomStreams streams = new RandomStreams(config.get(OptimisationOptions.SEED));
        Long dataSeed = config.get(DataOptions.DATA_SEED);
        D data = recipe.load(config, dataSeed == null ? streams : new RandomStreams(dataSeed));
        Map<java.nio.file.Path, String> hashes = RunConfigFile.hashes(recipe.files(data));
        RunConfigFile.checkUnchanged(config.expectedDataHashes(), hashes);
        Device device = device(config);
        Integer threads = config.get(OptimisationOptions.THREADS);
        if (threads != null) {
            setEngineThreads(threads);
        }
        RunDirectory dir = resumption == null ? RunDirectory.create(config.out()) : RunDirectory.open(config.out());
        dir.writeConfig(
                config,
                hashes,
                (device != null ? device : Engine.getInstance().defaultDevice()).toString());
        TrainingHistory history = new TrainingHistory(0);
        try (Model model = Model.newInstance(recipe.modelName(), device)) {
            ModelRecipe.Parts parts = recipe.assemble(config, data, dir, history, streams, model.getNDManager());
            model.setBlock(parts.block());
            return train(config, model, parts, dir, history, streams, device, resumption);
        } catch (RuntimeException | Error | IOException | TranslateException e) {
            // Failed before run.json was first written: nothing was trained, so the same command may
            // run again into the same --out.
            if (resumption == null && !java.nio.file.Files.exists(dir.statusFile())) {
                AtomicFiles.deleteTree(dir.root());
            }
            throw e;
        }
    }

    private static TrainingHistory train(
            TrainConfig config,
            Model model,
            ModelRecipe.Parts parts,
            RunDirectory dir,
            TrainingHistory history,
            RandomStreams streams,
            Device device,
            Resumption resumption)
            throws IOException, TranslateException {
        NamedSchedule schedule = config.get(ScheduleOptions.SCHEDULE);
        int pretrainEpochs = config.get(ScheduleOptions.PRETRAIN_EPOCHS);
        int scheduledEpochs = config.get(OptimisationOptions.EPOCHS);
        int epochs = config.totalEpochs();
        long stepsPerEpoch = parts.stepsPerEpoch();
        long totalSteps = stepsPerEpoch * epochs;
        // The guard rails and settled epochs belong to the schedule the user gave, after pretraining.
        List<String> warnings = new ArrayList<>();
        for (String w : ScheduleWarnings.check(schedule.schedule(), stepsPerEpoch * scheduledEpochs, stepsPerEpoch)) {
            warnings.add("schedule " + schedule.description() + ": " + w);
        }
        warnings.addAll(parts.dataWarnings());
        warnings.forEach(LOG::warn);
        boolean[] settledAfterPretraining = SettledEpochs.of(schedule.schedule(), stepsPerEpoch, scheduledEpochs);
        boolean[] settled = new boolean[epochs];
        System.arraycopy(settledAfterPretraining, 0, settled, pretrainEpochs, scheduledEpochs);
        List<Integer> settledEpochs = new ArrayList<>();
        for (int e = 0; e < settled.length; e++) {
            if (settled[e]) {
                settledEpochs.add(e + 1);
            }
        }
        RunStatus status = new RunStatus(dir.statusFile(), warnings, settledEpochs);

        FeedbackSchedule annealing = pretrainEpochs == 0
                ? schedule.schedule()
                : BetaSchedule.constant(0).then(Boundary.epochs(pretrainEpochs), schedule.schedule());
        VaeLoss loss = new VaeLoss(parts.likelihood(), config.get(ScheduleOptions.FREE_BITS).floatValue());
        double clip = config.get(OptimisationOptions.GRAD_CLIP);
        boolean keepBest = config.get(EvaluationOptions.KEEP) == EvaluationOptions.Keep.BEST;
        List<TrainingListener> diagnostics = new ArrayList<>(parts.diagnostics());
        CollapseAlarm collapseAlarm = new CollapseAlarm(history, status);
        diagnostics.add(collapseAlarm);
        BetaAnnealingListener beta =
                BetaAnnealingListener.following(annealing, loss, totalSteps, stepsPerEpoch, history);
        ModelChoice modelChoice = new ModelChoice(settled, config.get(EvaluationOptions.EARLY_STOP));
        RunListeners listeners =
                new RunListeners(
                        beta,
                        clip > 0 ? new GradientNormClipping((float) clip) : null,
                        config.trainingListeners(),
                        diagnostics,
                        config.get(OutputOptions.PROGRESS)
                                ? new ProgressListener(history, stepsPerEpoch, epochs)
                                : null,
                        new RunReportListener(dir.root(), history, stepsPerEpoch),
                        new CheckpointListener(dir.modelDir()),
                        new ModelSelectionListener(
                                history,
                                modelChoice,
                                keepBest ? dir.bestDir() : null,
                                status),
                        new RunStatusListener(status, history, dir.checkpoint(model.getName())),
                        parts.decoderReset() != null && config.get(ScheduleOptions.RESET_DECODER)
                                ? new DecoderReset(parts.decoderReset(), pretrainEpochs, history, streams)
                                : null);

        ResumableAdam adam = adam(config.get(OptimisationOptions.LR));
        RunCheckpoints checkpoints = new RunCheckpoints(
                new CheckpointStore(dir.root(), config.get(OutputOptions.KEEP_CHECKPOINTS)),
                new RunCheckpoints.Parts(model, adam, beta, history, modelChoice, collapseAlarm, status),
                stepsPerEpoch,
                config.get(OutputOptions.CHECKPOINT_EVERY));
        LoopPosition start = LoopPosition.startOf(0);
        if (resumption != null) {
            checkpoints.restore(resumption.checkpoint(), resumption.state(), dir.root());
            resumption.checkSchedule(beta, config);
            start = resumption.state().position();
        }
        status.write();
        DefaultTrainingConfig trainingConfig =
                new DefaultTrainingConfig(loss)
                        .optOptimizer(adam)
                        .addTrainingListeners(listeners.inOrder());
        if (device != null) {
            trainingConfig.optDevices(new Device[] {device});
        }
        // SIGINT and SIGTERM run shutdown hooks: run.json then says the run was interrupted.
        Thread onSignal = new Thread(() -> {
            status.interrupted("continue with klanneal train --resume " + dir.root());
            try {
                status.write();
            } catch (IOException e) {
                // The JVM is going down; the next reader sees a stale "running" as interrupted.
            }
        }, "klanneal-interrupted");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            // The checkpoint being written is complete before the trainer closes.
            try (Trainer trainer = VaeTrainer.create(model, trainingConfig); checkpoints) {
                streams.seedEngine(RandomStreams.Purpose.INITIALIZATION);
                trainer.initialize(parts.inputShapes());
                VaeTraining.fit(trainer, epochs, parts.train(), parts.validation(), history, streams, start, checkpoints);
            } catch (TrainingDivergedException e) {
                String message =
                        e.getMessage() + "; "
                                + (status.lastCheckpoint() == null
                                        ? "no checkpoint was written (it diverged in the first epoch)"
                                        : "the last good checkpoint is " + dir.resolve(status.lastCheckpoint())
                                                + " (epoch " + status.epochs() + ")");
                status.failed("diverged", message);
                status.write();
                throw new TrainingDivergedException(e.step(), message);
            } catch (RuntimeException | Error | IOException | TranslateException e) {
                status.failed("failed", String.valueOf(e.getMessage()));
                status.write();
                throw e;
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
        status.finished(history.stopReason());
        status.write();
        if (history.stopReason() != null) {
            LOG.info("stopped early after epoch {}: {}", history.epochs().size(), history.stopReason());
        }
        return history;
    }

    /** After each epoch, records the checkpoint it wrote and rewrites {@code run.json}. */
    private static final class RunStatusListener extends TrainingListenerAdapter {
        private final RunStatus status;
        private final TrainingHistory history;
        private final String checkpoint;

        RunStatusListener(RunStatus status, TrainingHistory history, String checkpoint) {
            this.status = status;
            this.history = history;
            this.checkpoint = checkpoint;
        }

        @Override
        public void onEpoch(Trainer trainer) {
            status.epochDone(history.epochs().size(), history.steps(), checkpoint);
            try {
                status.write();
            } catch (IOException e) {
                throw new UncheckedIOException("could not write run.json", e);
            }
        }
    }

    /**
     * Sets the engine's intra-op thread count for this process (option {@code threads}).
     *
     * @param threads at least 1
     */
    public static void setEngineThreads(int threads) {
        Engine.getInstance(); // loads the native library JniUtils calls
        JniUtils.setNumThreads(threads);
    }

    /**
     * Adam with a fixed learning rate, as every run and benchmark trains: DJL's arithmetic, with the
     * moments in the open for checkpoints.
     */
    static ResumableAdam adam(double learningRate) {
        return new ResumableAdam(Tracker.fixed((float) learningRate));
    }

    // Tried before the run directory exists: a device the engine cannot use fails here, with one
    // line, instead of leaving a directory holding only config.json.
    private static Device device(TrainConfig config) {
        String name = config.get(OptimisationOptions.DEVICE);
        if (name == null) {
            return null;
        }
        Device device = Device.fromName(name);
        try (NDManager probe = Engine.getInstance().newBaseManager(device)) {
            probe.zeros(new Shape(1)).close();
        } catch (EngineException e) {
            // The engine's first sentence; PyTorch's goes on to list every backend it has.
            String reason = String.valueOf(e.getMessage()).lines().findFirst().orElse("").split("\\. ")[0];
            throw new IllegalArgumentException(
                    "option device: " + name + " cannot be used: the engine says \"" + reason + "\""
                            + " (the PyTorch native library here " + (Engine.getInstance().getGpuCount() == 0
                                    ? "sees no GPU" : "may be built for the CPU only")
                            + "); use cpu");
        }
        return device;
    }
}
