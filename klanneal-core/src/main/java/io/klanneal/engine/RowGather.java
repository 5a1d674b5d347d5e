package io.klanneal.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.nio.ByteBuffer;
import java.nio.FloatBuffer;

/**
 * Rows of a 2-D array picked by index, as a shuffled batch takes them from its data set. The
 * engine's advanced indexing walks the rows element by element (0.26–0.38 ms for 128 rows of 784
 * floats here); on the CPU, copying whole rows out of a view of the array's memory takes 0.10–0.13
 * ms (docs/benchmarks.md, issue 28). Other devices keep the engine's indexing.
 */
public final class RowGather {

    private RowGather() {}

    /**
     * Returns the rows {@code rows} of {@code table}, in that order.
     *
     * @param table a 2-D array
     * @param rows the indices of the rows to take
     * @param manager where the new array lives
     * @return a {@code (rows.length, columns)} array on {@code manager}
     */
    public static NDArray rows(NDArray table, long[] rows, NDManager manager) {
        Shape shape = table.getShape();
        if (shape.dimension() != 2 || !CpuAdamKernel.supports(table)) {
            return table.get(manager, new NDIndex("{}", manager.create(rows)));
        }
        int columns = Math.toIntExact(shape.get(1));
        FloatBuffer source = table.toByteBuffer(true).asFloatBuffer();
        ByteBuffer gathered = manager.allocateDirect(rows.length * columns * Float.BYTES);
        FloatBuffer target = gathered.asFloatBuffer();
        for (int i = 0; i < rows.length; i++) {
            target.put(i * columns, source, Math.toIntExact(rows[i] * columns), columns);
        }
        return manager.create(gathered, new Shape(rows.length, columns), DataType.FLOAT32);
    }
}
