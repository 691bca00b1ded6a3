package io.beliefstream.models.vqvae.internal;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * A preallocated row-major float matrix in native memory for ND4J GEMMs, with a {@link FloatBuffer} over its
 * storage for bulk copies from and to Java arrays, and precomputed leading-row views for every power of two up to
 * the capacity (so a batch of {@code n} rows uses the smallest view with at least {@code n} rows and no view is
 * created while serving).
 */
public final class NativeMatrix {
    private final int rows;
    private final int cols;
    private final INDArray full;
    private final FloatBuffer buffer;
    private final INDArray[] views;
    private final int[] viewRows;

    public NativeMatrix(int rows, int cols) {
        this.rows = rows;
        this.cols = cols;
        this.full = Nd4j.create(DataType.FLOAT, rows, cols);
        this.buffer = full.data().asNioFloat();
        int n = 0;
        for (int r = 1; r < rows; r <<= 1) {
            n++;
        }
        this.views = new INDArray[n + 1];
        this.viewRows = new int[n + 1];
        int r = 1;
        for (int i = 0; i < n; i++, r <<= 1) {
            views[i] = full.get(NDArrayIndex.interval(0, r), NDArrayIndex.all());
            viewRows[i] = r;
        }
        views[n] = full;
        viewRows[n] = rows;
    }

    /** A matrix holding the given values (row-major {@code rows × cols}). */
    public static NativeMatrix of(float[] values, int rows, int cols) {
        NativeMatrix m = new NativeMatrix(rows, cols);
        m.put(values, rows);
        return m;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** The whole matrix. */
    public INDArray full() {
        return full;
    }

    /** The smallest precomputed view of leading rows holding at least {@code n} rows. */
    public INDArray view(int n) {
        for (int i = 0; i < viewRows.length; i++) {
            if (viewRows[i] >= n) {
                return views[i];
            }
        }
        throw new IllegalArgumentException("at most " + rows + " rows, asked for " + n);
    }

    /** Copies the first {@code n} rows in from {@code src}. */
    public void put(float[] src, int n) {
        buffer.put(0, src, 0, n * cols);
    }

    /** Copies the first {@code n} rows out to {@code dst}. */
    public void get(float[] dst, int n) {
        buffer.get(0, dst, 0, n * cols);
    }
}
