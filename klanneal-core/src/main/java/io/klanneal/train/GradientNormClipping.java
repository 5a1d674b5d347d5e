package io.klanneal.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.training.Trainer;
import ai.djl.training.listener.TrainingListenerAdapter;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

/**
 * Rescales all gradients together so that their global L2 norm is at most {@code maxNorm}, after
 * backward and before the optimizer step (where DJL calls {@code onTrainingBatch}).
 */
public final class GradientNormClipping extends TrainingListenerAdapter {

    private final float maxNorm;

    /**
     * Creates the listener.
     *
     * @param maxNorm the largest global gradient norm allowed, > 0
     */
    public GradientNormClipping(float maxNorm) {
        if (!(maxNorm > 0) || !Float.isFinite(maxNorm)) {
            throw new IllegalArgumentException("gradient clip norm must be > 0, got " + maxNorm);
        }
        this.maxNorm = maxNorm;
    }

    @Override
    public void onTrainingBatch(Trainer trainer, BatchData batchData) {
        clip(trainer);
    }

    /**
     * Clips the gradients of the trainer's model now (aggressive training's extra encoder steps,
     * which no listener sees, clip this way).
     *
     * @param trainer the trainer, after backward
     */
    public void clip(Trainer trainer) {
        NDList gradients = new NDList();
        for (Pair<String, Parameter> parameter : trainer.getModel().getBlock().getParameters()) {
            NDArray array = parameter.getValue().getArray();
            if (array.hasGradient()) {
                gradients.add(array.getGradient());
            }
        }
        if (gradients.isEmpty()) {
            return;
        }
        // One reading pass per gradient (the engine's norm), no temporaries of the gradients' size.
        NDList norms = new NDList();
        for (NDArray gradient : gradients) {
            norms.add(gradient.norm());
        }
        double squares = 0;
        try (NDArray stacked = NDArrays.stack(norms)) {
            for (float n : stacked.toFloatArray()) {
                squares += (double) n * n;
            }
        }
        norms.close();
        float norm = (float) Math.sqrt(squares);
        if (norm > maxNorm) {
            float scale = maxNorm / (norm + 1e-6f);
            for (NDArray gradient : gradients) {
                gradient.muli(scale);
            }
        }
        gradients.close();
    }
}
