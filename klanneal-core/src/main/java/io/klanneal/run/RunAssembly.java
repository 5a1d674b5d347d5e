package io.klanneal.run;

import ai.djl.Model;
import ai.djl.training.listener.TrainingListener;
import io.klanneal.config.EvaluationOptions;
import io.klanneal.config.NamedSchedule;
import io.klanneal.config.OptimisationOptions;
import io.klanneal.config.OutputOptions;
import io.klanneal.config.ScheduleOptions;
import io.klanneal.record.RunDirectory;
import io.klanneal.record.RunRecord;
import io.klanneal.report.CheckpointListener;
import io.klanneal.report.CollapseAlarm;
import io.klanneal.report.LearningRateColumn;
import io.klanneal.report.ModelChoice;
import io.klanneal.report.ModelSelectionListener;
import io.klanneal.report.ProgressListener;
import io.klanneal.report.RunRecordListener;
import io.klanneal.report.RunReportListener;
import io.klanneal.report.StepFingerprints;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.Boundary;
import io.klanneal.schedule.FeedbackSchedule;
import io.klanneal.schedule.LearningRateSchedule;
import io.klanneal.schedule.Progress;
import io.klanneal.schedule.ScheduleWarnings;
import io.klanneal.schedule.SettledEpochs;
import io.klanneal.train.AggressiveInference;
import io.klanneal.train.BetaAnnealingListener;
import io.klanneal.train.DecoderReset;
import io.klanneal.train.GradientNormClipping;
import io.klanneal.train.IndexedBatches;
import io.klanneal.train.InferenceNetwork;
import io.klanneal.train.RandomStreams;
import io.klanneal.train.ResumableOptimizer;
import io.klanneal.train.ScheduledLearningRate;
import io.klanneal.train.Stateful;
import io.klanneal.train.TrainingHistory;
import io.klanneal.train.VaeLoss;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parts of one run, built from its configuration: the loss and optimizer, the record, the
 * listeners in their order, and the parts whose state its checkpoints keep. The same for every
 * model kind; the kind's own share comes in {@link ModelRecipe.Parts}.
 *
 * @param loss the VAE loss whose beta the schedule sets
 * @param optimizer the optimizer, with the run's learning rate
 * @param aggressive aggressive training of the inference network, or null
 * @param beta the annealing listener
 * @param record the run's run.json
 * @param report the run's CSVs and plots, whose plots are drawn once more when training ends
 * @param listeners the listeners, in the order DJL calls them
 * @param stateful every part a checkpoint keeps, the caller's stateful listeners included
 */
record RunAssembly(
        VaeLoss loss,
        ResumableOptimizer optimizer,
        AggressiveInference aggressive,
        BetaAnnealingListener beta,
        RunRecord record,
        RunReportListener report,
        TrainingListener[] listeners,
        List<Stateful<?>> stateful) {

    private static final Logger LOG = LoggerFactory.getLogger(RunAssembly.class);

    /**
     * Builds a run's parts.
     *
     * @param config the run's configuration
     * @param model the model, its block set
     * @param parts the model kind's share
     * @param dir the run directory
     * @param history what training measures
     * @param streams the run's random streams
     * @return the parts
     */
    static RunAssembly of(
            TrainConfig config,
            Model model,
            ModelRecipe.Parts parts,
            RunDirectory dir,
            TrainingHistory history,
            RandomStreams streams) {
        NamedSchedule schedule = config.get(ScheduleOptions.SCHEDULE);
        int pretrainEpochs = config.get(ScheduleOptions.PRETRAIN_EPOCHS);
        int epochs = config.totalEpochs();
        long stepsPerEpoch = parts.stepsPerEpoch();
        boolean[] settled = settledEpochs(config, stepsPerEpoch);
        RunRecord record = new RunRecord(dir, warnings(config, parts), numbered(settled));

        FeedbackSchedule annealing = pretrainEpochs == 0
                ? schedule.schedule()
                : BetaSchedule.constant(0).then(Boundary.epochs(pretrainEpochs), schedule.schedule());
        VaeLoss loss = new VaeLoss(parts.likelihood(), config.get(ScheduleOptions.FREE_BITS).floatValue());
        BetaAnnealingListener beta =
                BetaAnnealingListener.following(annealing, loss, stepsPerEpoch * epochs, stepsPerEpoch, history);
        double clip = config.get(OptimisationOptions.GRAD_CLIP);
        GradientNormClipping clipping = clip > 0 ? new GradientNormClipping((float) clip) : null;
        ModelChoice modelChoice = new ModelChoice(settled, config.get(EvaluationOptions.EARLY_STOP));
        CollapseAlarm collapseAlarm = new CollapseAlarm(history, record, collapseRemedies(config.model()));
        ScheduledLearningRate learningRate = new ScheduledLearningRate(
                config.get(OptimisationOptions.LR),
                config.get(OptimisationOptions.LR_SCHEDULE),
                new Progress(0, stepsPerEpoch * epochs, stepsPerEpoch),
                annealing.structure(stepsPerEpoch * epochs, stepsPerEpoch),
                history);
        ResumableOptimizer optimizer = config.get(OptimisationOptions.OPTIMIZER).create(learningRate);
        AggressiveInference aggressive = aggressive(config, model, parts, optimizer, clipping, history, streams);
        List<TrainingListener> diagnostics = new ArrayList<>(parts.diagnostics());
        if (!config.get(OptimisationOptions.LR_SCHEDULE).equals(LearningRateSchedule.CONSTANT)) {
            diagnostics.add(new LearningRateColumn(learningRate, history));
        }
        if (aggressive != null) {
            diagnostics.add(aggressive);
        }
        diagnostics.add(collapseAlarm);
        RunReportListener report = new RunReportListener(dir, history, stepsPerEpoch);
        boolean keepBest = config.get(EvaluationOptions.KEEP) == EvaluationOptions.Keep.BEST;
        boolean resetDecoder = parts.decoderReset() != null && config.get(ScheduleOptions.RESET_DECODER);
        List<TrainingListener> caller = new ArrayList<>(config.trainingListeners());
        if (StepFingerprints.wanted()) {
            // Sees the gradients the optimizer will use, clipped.
            caller.add(0, new StepFingerprints(dir.resolve(RunDirectory.FINGERPRINTS_FILE), history));
        }
        RunListeners listeners = new RunListeners(
                beta,
                clipping,
                caller,
                diagnostics,
                config.get(OutputOptions.PROGRESS) ? new ProgressListener(history, stepsPerEpoch, epochs) : null,
                report,
                new CheckpointListener(dir.modelDir()),
                new ModelSelectionListener(history, modelChoice, keepBest ? dir.bestDir() : null, record),
                new RunRecordListener(record, history, model.getName()),
                resetDecoder ? new DecoderReset(parts.decoderReset(), pretrainEpochs, history, streams) : null);

        List<Stateful<?>> stateful = new ArrayList<>(List.of(
                optimizer.stateOf(model.getBlock(), model.getNDManager()),
                beta, history, modelChoice, collapseAlarm, record, report));
        if (aggressive != null) {
            stateful.add(aggressive);
        }
        for (TrainingListener own : caller) {
            if (own instanceof Stateful<?> part) {
                stateful.add(part);
            }
        }
        return new RunAssembly(
                loss, optimizer, aggressive, beta, record, report, listeners.inOrder(), List.copyOf(stateful));
    }

    // He et al.'s aggressive training, where the option asks for it and the model can have it.
    private static AggressiveInference aggressive(TrainConfig config, Model model, ModelRecipe.Parts parts,
            ResumableOptimizer optimizer, GradientNormClipping clipping, TrainingHistory history,
            RandomStreams streams) {
        int limit = config.get(ScheduleOptions.AGGRESSIVE);
        if (limit == 0) {
            return null;
        }
        if (!(parts.block() instanceof InferenceNetwork network) || !(parts.train() instanceof IndexedBatches batches)) {
            throw new IllegalArgumentException("option aggressive: the " + config.model().name() + " model does not"
                    + " name its inference network (InferenceNetwork) or draw its batches by index (IndexedBatches)");
        }
        Set<String> encoder = new HashSet<>();
        network.inferenceNetwork().forEach(p -> encoder.add(p.getId()));
        Set<String> decoder = new HashSet<>();
        model.getBlock().getParameters().values().forEach(p -> decoder.add(p.getId()));
        decoder.removeAll(encoder);
        return new AggressiveInference(limit, optimizer, encoder, decoder, batches, clipping, history, streams);
    }

    // The guard rails and settled epochs belong to the schedule the user gave, after pretraining.
    private static List<String> warnings(TrainConfig config, ModelRecipe.Parts parts) {
        NamedSchedule schedule = config.get(ScheduleOptions.SCHEDULE);
        long scheduledSteps = parts.stepsPerEpoch() * config.get(OptimisationOptions.EPOCHS);
        List<String> warnings = new ArrayList<>();
        for (String w : ScheduleWarnings.check(schedule.schedule(), scheduledSteps, parts.stepsPerEpoch())) {
            warnings.add("schedule " + schedule.description() + ": " + w);
        }
        warnings.addAll(parts.dataWarnings());
        warnings.forEach(LOG::warn);
        return warnings;
    }

    // For each 0-based epoch of the whole run, whether model choice may compare it.
    private static boolean[] settledEpochs(TrainConfig config, long stepsPerEpoch) {
        int pretrainEpochs = config.get(ScheduleOptions.PRETRAIN_EPOCHS);
        int scheduledEpochs = config.get(OptimisationOptions.EPOCHS);
        boolean[] afterPretraining =
                SettledEpochs.of(config.get(ScheduleOptions.SCHEDULE).schedule(), stepsPerEpoch, scheduledEpochs);
        boolean[] settled = new boolean[config.totalEpochs()];
        System.arraycopy(afterPretraining, 0, settled, pretrainEpochs, scheduledEpochs);
        return settled;
    }

    private static List<Integer> numbered(boolean[] settled) {
        List<Integer> epochs = new ArrayList<>();
        for (int e = 0; e < settled.length; e++) {
            if (settled[e]) {
                epochs.add(e + 1);
            }
        }
        return epochs;
    }

    // klanneal's remedies, the model kind's own after the first, pretraining with a decoder reset
    // where the kind offers one.
    static List<String> collapseRemedies(ModelRecipe<?> model) {
        List<String> remedies = new ArrayList<>();
        remedies.add("an annealed schedule (--schedule cyclical:cycles=4,ratio=0.5)");
        remedies.addAll(model.collapseRemedies());
        remedies.add("free bits (--free-bits 0.1)");
        remedies.add("a KL controller (--schedule control:target=3)");
        remedies.add(ModelRecipes.uses(model, ScheduleOptions.RESET_DECODER)
                ? "pretraining (--pretrain-epochs 2 --reset-decoder)"
                : "pretraining (--pretrain-epochs 2)");
        return remedies;
    }
}
