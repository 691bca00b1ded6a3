package io.beliefstream.models.vqvae;

import io.beliefstream.models.vqvae.internal.NearestCodeSearch;

/**
 * Batched nearest-code search against an {@link EmaCodebook}, the VQ-VAE's hot path: for each row {@code z} of a batch
 * of encoder outputs the code {@code k = argmin_i ‖z − e_i‖₂} (van den Oord et al. 2017, eq. 1), found with blocked
 * GEMMs and decided by the exact squared distance, so the same code on every CPU (see the internal
 * {@code NearestCodeSearch} for the bound that makes it so). Public for the benchmarks; the model uses the same
 * search. Allocates nothing per call; not thread-safe: one thread calls {@link #assign}.
 */
public final class NearestCodes {
    private final NearestCodeSearch search;

    /**
     * A search for batches of up to {@code maxBatch} rows on {@code threads} threads (1 or 2: the caller and at most
     * one helper).
     *
     * @throws IllegalArgumentException when {@code maxBatch < 1} or {@code threads} is not 1 or 2
     */
    public NearestCodes(EmaCodebook codebook, int maxBatch, int threads) {
        this.search = new NearestCodeSearch(codebook, maxBatch, threads);
    }

    /**
     * Nearest code of each row {@code b < batch} of {@code latent} ({@code batch × D}) into {@code code[b]}, and the
     * code vector into {@code quantised[b * D ..]} when {@code quantised} is not {@code null}. The codebook must be
     * initialised.
     */
    public void assign(float[] latent, int batch, int[] code, float[] quantised) {
        search.assign(latent, batch, code, quantised);
    }
}
