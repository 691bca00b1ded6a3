package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.vqvae.EmaCodebook;
import java.util.Objects;
import java.nio.LongBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.indexaccum.custom.ArgMin;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Batched nearest-code search against an {@link EmaCodebook}. For each row {@code z} the code minimising
 * {@code ‖z − e_i‖² − ‖z‖² = ‖e_i‖² − 2 z·e_i} is found with one ND4J GEMM of the augmented matrices
 * {@code [Z | 1] · [−2E | ‖e‖²]ᵀ} into a preallocated {@code B × K} buffer followed by ND4J's native {@code argmin}
 * along each row into a preallocated index buffer (first minimum: ties go to the lower index), so only {@code B}
 * indices come back to Java. The augmented codebook is cached and rebuilt when {@link EmaCodebook#version()} moves.
 * Allocates no arrays per call (ND4J's op dispatch creates a few small Java objects). Not thread-safe.
 */
public final class NearestCodeSearch {
    private final EmaCodebook codebook;
    private final int maxBatch;
    private final int k;
    private final int d;
    private final NativeMatrix z;
    private final NativeMatrix e;
    private final NativeMatrix g;
    private final INDArray index;
    private final INDArray[] indexViews;
    private final int[] indexRows;
    private final LongBuffer indexBuffer;
    private final float[] zj;
    private final long[] idx;
    private final float[] codes;
    private final float[] augmented;
    private long codesVersion = Long.MIN_VALUE;

    public NearestCodeSearch(EmaCodebook codebook, int maxBatch) {
        this.codebook = Objects.requireNonNull(codebook, "codebook");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.k = codebook.size();
        this.d = codebook.dim();
        this.z = new NativeMatrix(maxBatch, d + 1);
        this.e = new NativeMatrix(k, d + 1);
        this.g = new NativeMatrix(maxBatch, k);
        this.index = Nd4j.create(DataType.LONG, maxBatch);
        this.indexBuffer = index.data().asNioLong();
        int n = 0;
        for (int r = 1; r < maxBatch; r <<= 1) {
            n++;
        }
        this.indexViews = new INDArray[n + 1];
        this.indexRows = new int[n + 1];
        int r = 1;
        for (int i = 0; i < n; i++, r <<= 1) {
            indexViews[i] = index.get(NDArrayIndex.interval(0, r));
            indexRows[i] = r;
        }
        indexViews[n] = index;
        indexRows[n] = maxBatch;
        this.zj = new float[maxBatch * (d + 1)];
        for (int b = 0; b < maxBatch; b++) {
            zj[b * (d + 1) + d] = 1f;
        }
        this.idx = new long[maxBatch];
        this.codes = new float[k * d];
        this.augmented = new float[k * (d + 1)];
    }

    public int maxBatch() {
        return maxBatch;
    }

    /**
     * Nearest code of each row {@code b < batch} of {@code latent} ({@code batch × D}) into {@code code[b]}, and the
     * code vector into {@code quantised[b * D ..]} when {@code quantised} is not {@code null}. The codebook must be
     * initialised.
     */
    public void assign(float[] latent, int batch, int[] code, float[] quantised) {
        if (batch < 1 || batch > maxBatch) {
            throw new IllegalArgumentException("batch must be in [1, " + maxBatch + "], got " + batch);
        }
        if (!codebook.initialised()) {
            throw new IllegalStateException("the codebook is empty");
        }
        refresh();
        for (int b = 0; b < batch; b++) {
            System.arraycopy(latent, b * d, zj, b * (d + 1), d);
        }
        z.put(zj, batch);
        INDArray gv = g.view(batch);
        Nd4j.gemm(z.view(batch), e.full(), gv, false, true, 1.0, 0.0);
        INDArray iv = indexView(gv.rows());
        Nd4j.exec(new ArgMin(new INDArray[] {gv}, new INDArray[] {iv}, false, 1));
        indexBuffer.get(0, idx, 0, batch);
        for (int b = 0; b < batch; b++) {
            int best = (int) idx[b];
            code[b] = best;
            if (quantised != null) {
                System.arraycopy(codes, best * d, quantised, b * d, d);
            }
        }
    }

    private INDArray indexView(int rows) {
        for (int i = 0; i < indexRows.length; i++) {
            if (indexRows[i] == rows) {
                return indexViews[i];
            }
        }
        throw new IllegalStateException("no index view of " + rows + " rows");
    }

    private void refresh() {
        long v = codebook.version();
        if (v == codesVersion) {
            return;
        }
        codebook.copyCodes(codes);
        for (int i = 0; i < k; i++) {
            float s = 0;
            for (int j = 0; j < d; j++) {
                float c = codes[i * d + j];
                augmented[i * (d + 1) + j] = -2f * c;
                s += c * c;
            }
            augmented[i * (d + 1) + d] = s;
        }
        e.put(augmented, k);
        codesVersion = v;
    }
}
