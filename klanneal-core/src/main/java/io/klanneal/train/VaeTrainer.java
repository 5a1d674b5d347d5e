package io.klanneal.train;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.Trainer;
import ai.djl.training.TrainingConfig;
import ai.djl.training.initializer.Initializer;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.util.Pair;
import java.util.function.Predicate;

/**
 * DJL's {@link Trainer} with a step that hands each parameter's own gradient to the optimizer. DJL's
 * step goes through a parameter server that first copies every gradient, to sum them across
 * devices; on one device the copy only costs time (3% of the dense model's step). On several
 * devices this trainer steps as DJL's does.
 */
public final class VaeTrainer extends Trainer {

    private final Optimizer optimizer;

    private VaeTrainer(Model model, TrainingConfig config) {
        super(model, config);
        this.optimizer = config.getOptimizer();
    }

    /**
     * Creates the trainer as {@link Model#newTrainer} does: the configuration's initializers are set
     * on the model's block first.
     *
     * @param model the model, with its block set
     * @param config the training configuration
     * @return the trainer
     */
    public static VaeTrainer create(Model model, TrainingConfig config) {
        Block block = model.getBlock();
        if (block == null) {
            throw new IllegalStateException("the model has no block to train");
        }
        for (Pair<Initializer, Predicate<Parameter>> initializer : config.getInitializers()) {
            if (initializer.getKey() != null && initializer.getValue() != null) {
                block.setInitializer(initializer.getKey(), initializer.getValue());
            }
        }
        return new VaeTrainer(model, config);
    }

    @Override
    public void step() {
        if (getDevices().length != 1) {
            super.step();
            return;
        }
        for (Pair<String, Parameter> named : getModel().getBlock().getParameters()) {
            Parameter parameter = named.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray weight = parameter.getArray();
            try (NDArray gradient = weight.getGradient()) {
                if (optimizer instanceof ResumableOptimizer resumable) {
                    resumable.updateFromOwnGradient(parameter.getId(), weight, gradient);
                } else {
                    optimizer.update(parameter.getId(), weight, gradient);
                }
            }
        }
    }
}
