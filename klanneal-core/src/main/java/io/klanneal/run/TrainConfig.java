package io.klanneal.run;

import io.klanneal.schedule.BetaSchedule;
import io.klanneal.schedule.ScheduleSpec;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Everything a training run needs. Build with {@link #builder()}: {@link Builder#setOut} is
 * required, every other option has a default.
 */
public final class TrainConfig {

    private final String data;
    private final BetaSchedule schedule;
    private final String scheduleDescription;
    private final ScheduleSpec scheduleSpec;
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

    private TrainConfig(Builder b) {
        data = b.data;
        schedule = b.schedule;
        scheduleDescription = b.scheduleDescription;
        scheduleSpec = b.scheduleSpec;
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
    }

    public static Builder builder() {
        return new Builder();
    }

    public String data() {
        return data;
    }

    public BetaSchedule schedule() {
        return schedule;
    }

    /** Returns the schedule's spec text, or the description given with a custom schedule. */
    public String scheduleDescription() {
        return scheduleDescription;
    }

    /** Returns the parsed spec, or null for a custom schedule. */
    public ScheduleSpec scheduleSpec() {
        return scheduleSpec;
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
        private String data = "generated";
        private ScheduleSpec scheduleSpec = ScheduleSpec.parse("cyclical:cycles=4,ratio=0.5");
        private BetaSchedule schedule = scheduleSpec.schedule();
        private String scheduleDescription = scheduleSpec.toString();
        private int epochs = 10;
        private int batchSize = 128;
        private int hidden = 512;
        private int latent = 32;
        private double learningRate = 1e-3;
        private long seed = 42;
        private Path out;
        private String device;
        private int trainLimit;
        private boolean progress = true;

        private Builder() {}

        /** Sets the data: {@code generated} (default), {@code fashion-mnist} or {@code idx:DIR}. */
        public Builder optData(String data) {
            this.data = Objects.requireNonNull(data, "data");
            return this;
        }

        /** Sets the schedule from a spec such as {@code cyclical:cycles=4,ratio=0.5}. */
        public Builder optSchedule(String spec) {
            scheduleSpec = ScheduleSpec.parse(spec);
            schedule = scheduleSpec.schedule();
            scheduleDescription = scheduleSpec.toString();
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
            this.scheduleSpec = null;
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
