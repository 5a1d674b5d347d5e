package io.klanneal.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;

/**
 * The one place klanneal calls the PyTorch engine past DJL's engine-neutral API: its intra-op
 * threads, and the gradient reset that follows {@link CpuAdamKernel}'s update. Everything else
 * goes through DJL, so another engine would need only this package.
 */
public final class PyTorch {

    private PyTorch() {}

    /** Returns the engine's intra-op thread count in this process. */
    public static int threads() {
        Engine.getInstance(); // loads the native library JniUtils calls
        return JniUtils.getNumThreads();
    }

    /**
     * Sets the engine's intra-op thread count for this process (option {@code threads}).
     *
     * @param threads at least 1
     */
    public static void setThreads(int threads) {
        Engine.getInstance();
        JniUtils.setNumThreads(threads);
    }

    /**
     * Zeroes a parameter's gradient, as the engine's own optimizer update does last, so that the
     * next backward pass accumulates from zero.
     *
     * @param parameter an array {@link CpuAdamKernel#supports} accepted
     */
    public static void zeroGradient(NDArray parameter) {
        JniUtils.zeroGrad((PtNDArray) parameter);
    }
}
