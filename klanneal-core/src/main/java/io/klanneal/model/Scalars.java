package io.klanneal.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Arithmetic with a constant that is safe under autograd. DJL's {@code NDArray.mul(Number)} (and
 * {@code div}, {@code maximum}, {@code pow} with a number) wraps the number in a Java direct buffer
 * that the engine's tensor aliases, and closes it right after the operation; but autograd keeps
 * that tensor for the backward pass. When a garbage collection frees the buffer before backward
 * and the memory is taken again, the gradient is multiplied by whatever was written there: a
 * multiply by 2 gave a gradient of 7 in {@code ScalarsTest}, and runs at one thread differed from
 * run to run under load, more often the more the process allocated (issue 27). The constant here
 * lives in the engine's own, reference-counted memory, so autograd keeps it alive. The numbers are
 * those of DJL's operation (the same kernel on the same 0-d operand).
 */
public final class Scalars {

    private Scalars() {}

    /**
     * Returns a constant as a 0-d array of the array's type, in the engine's memory of the array's
     * manager; close it after use (autograd keeps its own reference).
     */
    public static NDArray constant(NDArray array, float value) {
        return array.getManager().full(new Shape(), value, array.getDataType());
    }

    /** Returns {@code array * factor}. */
    public static NDArray mul(NDArray array, float factor) {
        try (NDArray scalar = constant(array, factor)) {
            return array.mul(scalar);
        }
    }

    /** Returns the element-wise maximum of the array and {@code floor}. */
    public static NDArray maximum(NDArray array, float floor) {
        try (NDArray scalar = constant(array, floor)) {
            return array.maximum(scalar);
        }
    }
}
