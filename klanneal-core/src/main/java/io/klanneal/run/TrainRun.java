package io.klanneal.run;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.Trainer;
import ai.djl.translate.TranslateException;
import io.klanneal.config.DataOptions;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.engine.PyTorch;
import io.klanneal.io.AtomicFiles;
import io.klanneal.io.StorageException;
import io.klanneal.record.CheckpointStore;
import io.klanneal.record.DirectoryLock;
import io.klanneal.record.RunCheckpoints;
import io.klanneal.record.RunDirectory;
import io.klanneal.record.RunRecord;
import io.klanneal.record.RunStatus;
import io.klanneal.record.SpaceReserve;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.TrainingDivergedException;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeTrainer;
import io.klanneal.train.VaeTraining;
import io.klanneal.train.VaeTraining.LoopPosition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
        return run(config, config.model(), null);
    }

    /**
     * Continues an interrupted run from its newest complete checkpoint, in its own directory, as if
     * it had never stopped: same options, same data (checked by SHA-256), same random streams. The
     * CSVs are trimmed to the checkpoint's rows and rewritten as training goes on.
     *
     * @param runDir the run directory
     * @param changes sets the options that may change ({@link io.klanneal.config.TrainOption#resumable}; a larger
     *     {@code epochs} only when the schedule gives the steps already trained the same beta), and
     *     adds the listeners the run was trained with
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
        TrainConfig.Builder builder = recorded.toBuilder();
        changes.accept(builder);
        TrainConfig config = builder.build();
        // Held from before the checkpoint is chosen (and newer, corrupt ones deleted) to the end.
        try (DirectoryLock lock = DirectoryLock.acquire(dir.root(), "trained", "klanneal train --resume")) {
            Resumption resumption = Resumption.prepare(dir, recorded, config, notice);
            return run(config, config.model(), resumption);
        }
    }

    private static <D> TrainingHistory run(TrainConfig config, ModelRecipe<D> recipe, Resumption resumption)
            throws IOException, TranslateException {
        RandomStreams streams = new RandomStreams(config.get(OptimisationOptions.SEED));
        Long dataSeed = config.get(DataOptions.DATA_SEED);
        D data = recipe.load(config, dataSeed == null ? streams : new RandomStreams(dataSeed));
        Map<Path, String> hashes = RunConfigFile.hashes(recipe.files(data));
        RunConfigFile.checkUnchanged(config.expectedDataHashes(), hashes);
        Device device = device(config);
        Integer threads = config.get(OptimisationOptions.THREADS);
        if (threads != null) {
            PyTorch.setThreads(threads);
        }
        RunDirectory dir = resumption == null ? RunDirectory.create(config.out()) : RunDirectory.open(config.out());
        // A resumed run's lock is taken before its checkpoint is chosen (resume).
        try (DirectoryLock lock = resumption == null ? DirectoryLock.acquire(dir.root(), "trained", "klanneal train") : null) {
            TrainingHistory history = new TrainingHistory(0);
            try (SpaceReserve reserve = SpaceReserve.keep(dir);
                    Model model = Model.newInstance(recipe.modelName(), device)) {
                RunConfigFile.write(
                        dir.configFile(),
                        config,
                        hashes,
                        (device != null ? device : Engine.getInstance().defaultDevice()).toString());
                recipe.writeFiles(config, data, dir);
                ModelRecipe.Parts parts = recipe.assemble(config, data, dir, history, streams, model.getNDManager());
                model.setBlock(parts.block());
                return train(config, model, parts, dir, reserve, history, streams, device, resumption);
            } catch (RuntimeException | Error | IOException | TranslateException e) {
                IOException storage = e instanceof StorageException ? null : StorageException.cause(e);
                StorageException explained = storage == null ? null : StorageException.in(dir.root(), storage,
                        CheckpointStore.resumable(dir.root())
                                ? "klanneal train --resume " + dir.root()
                                : "run the same command again");
                // Failed before run.json was first written: nothing was trained, so the same command
                // may run again into the same --out.
                if (resumption == null && !Files.exists(dir.recordFile())) {
                    AtomicFiles.deleteTree(dir.root());
                }
                if (explained != null) {
                    throw explained;
                }
                throw e;
            }
        }
    }

    private static TrainingHistory train(
            TrainConfig config,
            Model model,
            ModelRecipe.Parts parts,
            RunDirectory dir,
            SpaceReserve reserve,
            TrainingHistory history,
            RandomStreams streams,
            Device device,
            Resumption resumption)
            throws IOException, TranslateException {
        RunAssembly run = RunAssembly.of(config, model, parts, dir, history, streams);
        DefaultTrainingConfig trainingConfig =
                new DefaultTrainingConfig(run.loss()).optOptimizer(run.optimizer()).addTrainingListeners(run.listeners());
        if (device != null) {
            trainingConfig.optDevices(new Device[] {device});
        }
        RunRecord record = run.record();
        // Closed in reverse: the checkpoint being written is complete before the trainer closes.
        try (Trainer trainer = VaeTrainer.create(model, trainingConfig);
                RunCheckpoints checkpoints = new RunCheckpoints(
                        new CheckpointStore(dir.root(), config.get(OutputOptions.KEEP_CHECKPOINTS)),
                        model,
                        history,
                        run.stateful(),
                        parts.stepsPerEpoch(),
                        config.get(OutputOptions.CHECKPOINT_EVERY))) {
            LoopPosition start = resumption == null
                    ? LoopPosition.startOf(0)
                    : resumption.restore(checkpoints, record, run.beta());
            record.write();
            recordingTheEnd(record, dir, reserve, () -> {
                streams.seedEngine(RandomStreams.Purpose.INITIALIZATION);
                trainer.initialize(parts.inputShapes());
                VaeTraining.fit(
                        trainer, config.totalEpochs(), parts.train(), parts.validation(), history, streams, start,
                        checkpoints, run.aggressive());
                run.report().finish();
                checkpoints.close();
                record.finished(history.stopReason());
                record.write();
            });
        }
        if (history.stopReason() != null) {
            LOG.info("stopped early after epoch {}: {}", history.epochs().size(), history.stopReason());
        }
        return history;
    }

    /** Training, which run.json says the end of whichever way it ends. */
    @FunctionalInterface
    private interface Training {
        void run() throws IOException, TranslateException;
    }

    // A signal (SIGINT, SIGTERM runs shutdown hooks) leaves run.json saying the run was
    // interrupted; a divergence or an error leaves it saying so, with the message; a full or
    // read-only device too, in the room the reserve gives back.
    private static void recordingTheEnd(RunRecord record, RunDirectory dir, SpaceReserve reserve, Training training)
            throws IOException, TranslateException {
        Thread onSignal = new Thread(() -> {
            record.interrupted("continue with klanneal train --resume " + dir.root());
            try {
                record.write();
            } catch (IOException e) {
                // The JVM is going down; the next reader sees a stale "running" as interrupted.
            }
        }, "klanneal-interrupted");
        Runtime.getRuntime().addShutdownHook(onSignal);
        try {
            training.run();
        } catch (TrainingDivergedException e) {
            String message =
                    e.getMessage() + "; "
                            + (record.lastCheckpoint() == null
                                    ? "no checkpoint was written (it diverged in the first epoch)"
                                    : "the last good checkpoint is " + dir.resolve(record.lastCheckpoint())
                                            + " (epoch " + record.epochs() + ")");
            record.failed(RunStatus.DIVERGED, message);
            record.write();
            throw new TrainingDivergedException(e.step(), message);
        } catch (RuntimeException | Error | IOException | TranslateException e) {
            IOException storage = StorageException.cause(e);
            if (storage == null) {
                record.failed(RunStatus.FAILED, String.valueOf(e.getMessage()));
                record.write();
                throw e;
            }
            try {
                reserve.close();
            } catch (IOException readOnly) {
                // Nothing can be written there at all; the line below still says why.
            }
            StorageException explained = StorageException.in(dir.root(), storage, CheckpointStore.resumable(dir.root())
                    ? "klanneal train --resume " + dir.root()
                    : "train it again (klanneal train --config " + dir.configFile() + " --out NEW_DIR)");
            record.failed(RunStatus.FAILED, explained.getMessage());
            try {
                record.write();
            } catch (IOException stillNoRoom) {
                explained.addSuppressed(stillNoRoom);
            }
            throw explained;
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(onSignal);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already.
            }
        }
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
