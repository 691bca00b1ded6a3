package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.vqvae.EmaCodebook;
import java.util.Objects;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batched nearest-code search against an {@link EmaCodebook}: {@code ‖z − e_i‖² = ‖z‖² − 2 z·e_i + ‖e_i‖²}, with
 * the cross term one ND4J GEMM {@code Z Eᵀ} into a preallocated {@code B × K} buffer and a Java scan per row that
 * keeps the first minimum (ties go to the lower index). The codes and their squared norms are cached and refreshed
 * when {@link EmaCodebook#version()} moves. Allocates no arrays per call. Not thread-safe.
 */
public final class NearestCodeSearch {
    private final EmaCodebook codebook;
    private final int maxBatch;
    private final int k;
    private final int d;
    private final NativeMatrix z;
    private final NativeMatrix e;
    private final NativeMatrix g;
    private final float[] gj;
    private final float[] codes;
    private final float[] codeNorms;
    private long codesVersion = Long.MIN_VALUE;

    public NearestCodeSearch(EmaCodebook codebook, int maxBatch) {
        this.codebook = Objects.requireNonNull(codebook, "codebook");
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        this.maxBatch = maxBatch;
        this.k = codebook.size();
        this.d = codebook.dim();
        this.z = new NativeMatrix(maxBatch, d);
        this.e = new NativeMatrix(k, d);
        this.g = new NativeMatrix(maxBatch, k);
        this.gj = new float[maxBatch * k];
        this.codes = new float[k * d];
        this.codeNorms = new float[k];
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
        z.put(latent, batch);
        Nd4j.gemm(z.view(batch), e.full(), g.view(batch), false, true, 1.0, 0.0);
        g.get(gj, batch);
        for (int b = 0; b < batch; b++) {
            int off = b * k;
            int best = 0;
            float bestDist = codeNorms[0] - 2 * gj[off];
            for (int i = 1; i < k; i++) {
                float dist = codeNorms[i] - 2 * gj[off + i];
                if (dist < bestDist) {
                    bestDist = dist;
                    best = i;
                }
            }
            code[b] = best;
            if (quantised != null) {
                System.arraycopy(codes, best * d, quantised, b * d, d);
            }
        }
    }

    private void refresh() {
        long v = codebook.version();
        if (v == codesVersion) {
            return;
        }
        codebook.copyCodes(codes);
        e.put(codes, k);
        for (int i = 0; i < k; i++) {
            float s = 0;
            for (int j = 0; j < d; j++) {
                float c = codes[i * d + j];
                s += c * c;
            }
            codeNorms[i] = s;
        }
        codesVersion = v;
    }
}
