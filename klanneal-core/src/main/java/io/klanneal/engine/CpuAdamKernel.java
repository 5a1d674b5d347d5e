package io.klanneal.engine;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.engine.PtNDArray;
import java.nio.FloatBuffer;

/**
 * Adam's update of one float32 parameter on the CPU in one pass over its memory. The engine's
 * {@code adamUpdate} runs about a dozen element-wise kernels and allocates five temporaries of the
 * parameter's size; Adam is memory-bound, so that made it a third of the dense model's step. Here
 * one thread walks the arrays in cache-sized chunks, reading the gradient, weight and both moments
 * once and writing weight and moments once, through views of the engine's memory. One thread, not
 * two: right after backward the engine's own threads still spin on the other core, and a second
 * Java thread measured slower than one (docs/benchmarks.md, issue 15). It clears each chunk of the
 * gradient while the chunk is in cache, as the engine's update clears the gradient last, instead of
 * a second pass over the gradient's memory (docs/benchmarks.md, issue 28).
 *
 * <p>The arithmetic is the engine's, operation for operation, with one exception: the square root
 * is correctly rounded here, while PyTorch's CPU kernel is off by one unit in the last place for
 * about one value in six, so a weight can differ from the engine's update in its last bit.
 */
public final class CpuAdamKernel {

    // Four 4096-float scratch arrays: 64 KiB, within a core's L2 cache.
    private static final int CHUNK = 4096;

    private static final float[] ZEROS = new float[CHUNK];

    private static final ThreadLocal<float[][]> SCRATCH =
            ThreadLocal.withInitial(() -> new float[4][CHUNK]);

    private CpuAdamKernel() {}

    /** Returns whether the arrays are float32 arrays of the PyTorch engine on the CPU. */
    public static boolean supports(NDArray... arrays) {
        for (NDArray array : arrays) {
            if (!(array instanceof PtNDArray)
                    || !Device.cpu().equals(array.getDevice())
                    || array.getDataType() != DataType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /**
     * Updates {@code weight}, {@code mean} and {@code variance} in place: {@code m = b1 m + (1-b1)
     * g}, {@code v = b2 v + (1-b2) g^2}, {@code w = w - (lr m) / (sqrt(v) + eps)}, each multiply-add
     * fused as the engine fuses it; then the gradient is zero, so the next backward pass
     * accumulates from zero.
     *
     * @param weight the parameter, contiguous (as parameters, their gradients and zeros-like state are)
     * @param gradient its gradient, zeroed
     * @param mean the first moment
     * @param variance the second moment
     * @param correctedLr the learning rate with both bias corrections folded in
     * @param beta1 the first moment's decay
     * @param beta2 the second moment's decay
     * @param epsilon added to the root of the second moment
     */
    public static void update(
            NDArray weight,
            NDArray gradient,
            NDArray mean,
            NDArray variance,
            float correctedLr,
            float beta1,
            float beta2,
            float epsilon) {
        FloatBuffer w = view(weight);
        FloatBuffer g = view(gradient);
        FloatBuffer m = view(mean);
        FloatBuffer v = view(variance);
        int size = Math.toIntExact(weight.size());
        float[][] scratch = SCRATCH.get();
        float[] ws = scratch[0];
        float[] gs = scratch[1];
        float[] ms = scratch[2];
        float[] vs = scratch[3];
        float oneMinusBeta1 = 1f - beta1;
        float oneMinusBeta2 = 1f - beta2;
        for (int start = 0; start < size; start += CHUNK) {
            int length = Math.min(CHUNK, size - start);
            w.get(start, ws, 0, length);
            g.get(start, gs, 0, length);
            g.put(start, ZEROS, 0, length);
            m.get(start, ms, 0, length);
            v.get(start, vs, 0, length);
            for (int i = 0; i < length; i++) {
                float grad = gs[i];
                float mean1 = Math.fma(oneMinusBeta1, grad, ms[i] * beta1);
                float variance1 = Math.fma(oneMinusBeta2 * grad, grad, vs[i] * beta2);
                ms[i] = mean1;
                vs[i] = variance1;
                ws[i] -= (mean1 * correctedLr) / ((float) Math.sqrt(variance1) + epsilon);
            }
            w.put(start, ws, 0, length);
            m.put(start, ms, 0, length);
            v.put(start, vs, 0, length);
        }
    }

    // A view of the array's memory, not a copy: writes land in the array.
    private static FloatBuffer view(NDArray array) {
        return array.toByteBuffer(true).asFloatBuffer();
    }
}
