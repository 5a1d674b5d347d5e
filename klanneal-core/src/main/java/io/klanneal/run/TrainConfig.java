package io.klanneal.run;

import ai.djl.training.listener.TrainingListener;
import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.ScheduleSpec;
import io.klanneal.train.LikelihoodSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a training run needs. Build with {@link #builder()}: {@link Builder#setOut} is
 * required, every other option has a default.
 */
public final class TrainConfig {

    private final ModelKind model;
    private final String data;
    private final BetaSchedule schedule;
    private final String scheduleDescription;
    private final int epochs;
    private final int batchSize;
    private final int hidden;
    private final int latent;
    private final double learningRate;
    private final long seed;
    private final Path out;
    private final String device;
    private final int trainLimit;
    private final boolean progress;
    private final int embedding;
    private final float decoderDropout;
    private final float wordDropout;
    private final float gradientClip;
    private final int iwSamples;
    private final double holdout;
    private final int maxVocabulary;
    private final int minCount;
    private final LikelihoodSpec likelihood;
    private final Keep keep;
    private final int earlyStop;
    private final Map<Path, String> expectedDataHashes;
    private final List<TrainingListener> trainingListeners;

    private TrainConfig(Builder b) {
        model = b.model;
        data = b.data;
        schedule = b.schedule;
        scheduleDescription = b.scheduleDescription;
        epochs = b.epochs;
        batchSize = b.batchSize;
        hidden = b.hidden;
        latent = b.latent;
        learningRate = b.learningRate;
        seed = b.seed;
        out = b.out;
        device = b.device;
        trainLimit = b.trainLimit;
        progress = b.progress;
        embedding = b.embedding;
        decoderDropout = b.decoderDropout;
        wordDropout = b.wordDropout;
        gradientClip = b.gradientClip;
        iwSamples = b.iwSamples;
        holdout = b.holdout;
        maxVocabulary = b.maxVocabulary;
        minCount = b.minCount;
        likelihood = b.likelihood;
        keep = b.keep;
        earlyStop = b.earlyStop;
        expectedDataHashes = Map.copyOf(b.expectedDataHashes);
        trainingListeners = List.copyOf(b.trainingListeners);
    }

    /** The model a run trains. */
    public enum ModelKind {
        /** Dense encoder and decoder over images (Bernoulli pixels). */
        DENSE,
        /** LSTM encoder and decoder over sentences (a softmax over the vocabulary). */
        TEXT
    }

    /** Which checkpoints a run keeps. */
    public enum Keep {
        /** The parameters after the last epoch, in {@code model/}. */
        LAST,
        /**
         * Also the parameters with the best validation ELBO among the settled epochs, in {@code
         * model-best/}.
         */
        BEST
    }

    public static Builder builder() {
        return new Builder();
    }

    public ModelKind model() {
        return model;
    }

    public String data() {
        return data;
    }

    /** Returns the text model's word embedding size. */
    public int embedding() {
        return embedding;
    }

    /** Returns the text decoder's dropout rate (training passes only). */
    public float decoderDropout() {
        return decoderDropout;
    }

    /** Returns the text decoder's word dropout rate (training passes only). */
    public float wordDropout() {
        return wordDropout;
    }

    /** Returns the largest global gradient norm, or 0 for no clipping. */
    public float gradientClip() {
        return gradientClip;
    }

    /** Returns K of the importance-weighted NLL computed after each epoch (0: not computed). */
    public int iwSamples() {
        return iwSamples;
    }

    /** Returns the share of a single text file held out for validation. */
    public double holdout() {
        return holdout;
    }

    /** Returns the most vocabulary entries, markers included (0: no limit). */
    public int maxVocabulary() {
        return maxVocabulary;
    }

    /** Returns how often a word must occur in training to get its own id. */
    public int minCount() {
        return minCount;
    }

    /** Returns the decoder's likelihood: bernoulli or gaussian (dense), categorical (text). */
    public LikelihoodSpec likelihood() {
        return likelihood;
    }

    /** Returns which checkpoints the run keeps. */
    public Keep keep() {
        return keep;
    }

    /**
     * Returns how many settled validations without a better ELBO stop training (0: never stop
     * early).
     */
    public int earlyStop() {
        return earlyStop;
    }

    /**
     * Returns the SHA-256 each data file had in the run this configuration was read from, by
     * absolute path; empty unless read from a {@code config.json} with its data unchanged.
     */
    public Map<Path, String> expectedDataHashes() {
        return expectedDataHashes;
    }

    /** Returns the caller's own listeners, run after beta is set and gradients are clipped. */
    public List<TrainingListener> trainingListeners() {
        return trainingListeners;
    }

    public BetaSchedule schedule() {
        return schedule;
    }

    /** Returns the schedule's spec text, or the description given with a custom schedule. */
    public String scheduleDescription() {
        return scheduleDescription;
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public int hidden() {
        return hidden;
    }

    public int latent() {
        return latent;
    }

    public double learningRate() {
        return learningRate;
    }

    public long seed() {
        return seed;
    }

    public Path out() {
        return out;
    }

    /** Returns the device name ({@code cpu}, {@code gpu}, {@code gpu1}), or null for DJL's default. */
    public String device() {
        return device;
    }

    /** Returns the most training examples to use, 0 for all. */
    public int trainLimit() {
        return trainLimit;
    }

    public boolean progress() {
        return progress;
    }

    /** Builds a {@link TrainConfig}, checking every option. */
    public static final class Builder {
        private ModelKind model = ModelKind.DENSE;
        private String data;
        private BetaSchedule schedule;
        private String scheduleDescription;
        private int epochs = 10;
        private Integer batchSize;
        private Integer hidden;
        private Integer latent;
        private Integer embedding;
        private double learningRate = 1e-3;
        private long seed = 42;
        private Path out;
        private String device;
        private int trainLimit;
        private boolean progress = true;
        private float decoderDropout = 0.5f;
        private float wordDropout;
        private Float gradientClip;
        private int iwSamples = 10;
        private double holdout = 0.1;
        private int maxVocabulary;
        private int minCount = 1;
        private LikelihoodSpec likelihood;
        private Keep keep = Keep.LAST;
        private int earlyStop;
        private Map<Path, String> expectedDataHashes = Map.of();
        private final List<TrainingListener> trainingListeners = new ArrayList<>();

        private Builder() {
            optSchedule("cyclical:cycles=4,ratio=0.5");
        }

        /**
         * Sets the model: {@code DENSE} (default) or {@code TEXT}. Its defaults follow: dense
         * data {@code generated}, batch 128, hidden 512, latent 32, no clipping; text data
         * {@code toy}, batch 32, embedding 256, hidden 256, latent 32 (toy: 64, 64, 2), gradient
         * norm clipped at 5.
         */
        public Builder optModel(ModelKind model) {
            this.model = Objects.requireNonNull(model, "model");
            return this;
        }

        public Builder optEmbedding(int embedding) {
            this.embedding = embedding;
            return this;
        }

        public Builder optDecoderDropout(float decoderDropout) {
            this.decoderDropout = decoderDropout;
            return this;
        }

        public Builder optWordDropout(float wordDropout) {
            this.wordDropout = wordDropout;
            return this;
        }

        /** Clips the global gradient norm at {@code gradientClip} (0: no clipping). */
        public Builder optGradientClip(float gradientClip) {
            this.gradientClip = gradientClip;
            return this;
        }

        public Builder optIwSamples(int iwSamples) {
            this.iwSamples = iwSamples;
            return this;
        }

        /** Sets the share of a single text file held out for validation (default 0.1). */
        public Builder optHoldout(double holdout) {
            this.holdout = holdout;
            return this;
        }

        public Builder optMaxVocabulary(int maxVocabulary) {
            this.maxVocabulary = maxVocabulary;
            return this;
        }

        public Builder optMinCount(int minCount) {
            this.minCount = minCount;
            return this;
        }

        /**
         * Sets the data: for dense, {@code generated} (default), {@code fashion-mnist} or {@code
         * idx:DIR}; for text, {@code toy} (default) or {@code text:TRAIN[,VALID]}.
         */
        public Builder optData(String data) {
            this.data = Objects.requireNonNull(data, "data");
            expectedDataHashes = Map.of();
            return this;
        }

        /**
         * Makes the run fail unless its data files still have these SHA-256 sums; set when a
         * {@code config.json} is read, cleared by {@link #optData}.
         *
         * @param hashes hex SHA-256 by absolute path
         * @return this builder
         */
        public Builder optExpectedDataHashes(Map<Path, String> hashes) {
            this.expectedDataHashes = Map.copyOf(hashes);
            return this;
        }

        /**
         * Sets the likelihood from a spec: {@code bernoulli} (dense default), {@code
         * gaussian:sigma=X} or {@code gaussian:learned} for the dense model; {@code categorical}
         * (the only one) for text.
         */
        public Builder optLikelihood(String spec) {
            this.likelihood = LikelihoodSpec.parse(spec);
            return this;
        }

        /**
         * Adds listeners of the caller's own, as DJL's {@code DefaultTrainingConfig} does: they
         * see every step after backward (beta already set for it, gradients clipped) and before the
         * optimizer, and every epoch before the run's reports are written. Being code, they are
         * not recorded in {@code config.json}.
         *
         * @param listeners the listeners
         * @return this builder
         */
        public Builder addTrainingListeners(TrainingListener... listeners) {
            trainingListeners.addAll(List.of(listeners));
            return this;
        }

        /** Keeps the best checkpoint besides the last ({@link Keep#BEST}); default LAST. */
        public Builder optKeep(Keep keep) {
            this.keep = Objects.requireNonNull(keep, "keep");
            return this;
        }

        /**
         * Stops after {@code patience} settled validations without a better ELBO (0, the default:
         * never). Settled: see {@link io.klanneal.schedule.SettledEpochs}.
         */
        public Builder optEarlyStop(int patience) {
            this.earlyStop = patience;
            return this;
        }

        /** Sets the schedule from a spec such as {@code cyclical:cycles=4,ratio=0.5}. */
        public Builder optSchedule(String spec) {
            ScheduleSpec parsed = ScheduleSpec.parse(spec);
            schedule = parsed.schedule();
            scheduleDescription = parsed.toString();
            return this;
        }

        /**
         * Sets any schedule, e.g. a lambda.
         *
         * @param schedule the schedule
         * @param description how reports name it
         * @return this builder
         */
        public Builder optSchedule(BetaSchedule schedule, String description) {
            this.schedule = Objects.requireNonNull(schedule, "schedule");
            this.scheduleDescription = Objects.requireNonNull(description, "description");
            return this;
        }

        public Builder optEpochs(int epochs) {
            this.epochs = epochs;
            return this;
        }

        public Builder optBatchSize(int batchSize) {
            this.batchSize = batchSize;
            return this;
        }

        public Builder optHidden(int hidden) {
            this.hidden = hidden;
            return this;
        }

        public Builder optLatent(int latent) {
            this.latent = latent;
            return this;
        }

        public Builder optLearningRate(double learningRate) {
            this.learningRate = learningRate;
            return this;
        }

        public Builder optSeed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Sets the run directory (required); it must not exist or be empty. */
        public Builder setOut(Path out) {
            this.out = out;
            return this;
        }

        /** Sets the device ({@code cpu}, {@code gpu}, {@code gpu1}); default: DJL's default. */
        public Builder optDevice(String device) {
            this.device = device;
            return this;
        }

        /** Uses only the first {@code trainLimit} training examples (0: all). */
        public Builder optTrainLimit(int trainLimit) {
            this.trainLimit = trainLimit;
            return this;
        }

        /** Shows a console progress bar (default true). */
        public Builder optProgress(boolean progress) {
            this.progress = progress;
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException naming the option that is missing or out of range
         */
        public TrainConfig build() {
            if (out == null) {
                throw new IllegalArgumentException("the run directory (out) must be set");
            }
            boolean text = model == ModelKind.TEXT;
            boolean toy = text && (data == null || data.equals("toy"));
            data = data != null ? data : text ? "toy" : "generated";
            batchSize = batchSize != null ? batchSize : text ? 32 : 128;
            hidden = hidden != null ? hidden : toy ? 64 : text ? 256 : 512;
            latent = latent != null ? latent : toy ? 2 : 32;
            embedding = embedding != null ? embedding : toy ? 64 : 256;
            gradientClip = gradientClip != null ? gradientClip : text ? 5f : 0f;
            likelihood =
                    likelihood != null
                            ? likelihood
                            : LikelihoodSpec.parse(text ? "categorical" : "bernoulli");
            if (text != likelihood.name().equals("categorical")) {
                throw new IllegalArgumentException(
                        "likelihood " + likelihood + " does not fit the " + model.name().toLowerCase(Locale.ROOT)
                                + " model; dense takes bernoulli, gaussian:sigma=X or"
                                + " gaussian:learned, text takes categorical");
            }
            if (earlyStop < 0) {
                throw new IllegalArgumentException(
                        "early stop patience must be >= 0 (0: off), got " + earlyStop);
            }
            positive("embedding", embedding);
            if (!(decoderDropout >= 0 && decoderDropout < 1)) {
                throw new IllegalArgumentException(
                        "decoder dropout must be in [0, 1), got " + decoderDropout);
            }
            if (!(wordDropout >= 0 && wordDropout <= 1)) {
                throw new IllegalArgumentException("word dropout must be in [0, 1], got " + wordDropout);
            }
            if (!(gradientClip >= 0) || !Float.isFinite(gradientClip)) {
                throw new IllegalArgumentException(
                        "gradient clip must be >= 0 (0: off), got " + gradientClip);
            }
            if (iwSamples < 0) {
                throw new IllegalArgumentException("IW samples must be >= 0, got " + iwSamples);
            }
            if (!(holdout > 0 && holdout < 1)) {
                throw new IllegalArgumentException("holdout must be in (0, 1), got " + holdout);
            }
            if (maxVocabulary < 0 || (maxVocabulary > 0 && maxVocabulary < 5)) {
                throw new IllegalArgumentException(
                        "max vocabulary must be 0 (no limit) or at least 5, got " + maxVocabulary);
            }
            positive("min count", minCount);
            positive("epochs", epochs);
            positive("batch size", batchSize);
            positive("hidden", hidden);
            positive("latent", latent);
            if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
                throw new IllegalArgumentException(
                        "learning rate must be a finite number > 0, got " + learningRate);
            }
            if (trainLimit < 0) {
                throw new IllegalArgumentException(
                        "train limit must be >= 0 (0 means all), got " + trainLimit);
            }
            return new TrainConfig(this);
        }

        private static void positive(String name, int value) {
            if (value < 1) {
                throw new IllegalArgumentException(name + " must be at least 1, got " + value);
            }
        }
    }
}
