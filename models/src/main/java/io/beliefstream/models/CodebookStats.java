package io.beliefstream.models;

/**
 * Statistics of an {@link OnlineCodebook}.
 *
 * @param size number of codes {@code K}
 * @param perplexity {@code exp(-Σ p_i log p_i)} with {@code p_i = N_i / Σ N_j} the EMA share of assignments of code
 *     {@code i}: the effective number of codes in use, between 1 and {@code K}
 * @param liveCodes codes that were assigned at least one encoder output within the EMA's memory (the last
 *     {@code ⌈1/(1−γ)⌉} updates)
 * @param restarts dead-code restarts since the codebook was created (kept across snapshots)
 * @param meanQuantisationError exponential moving average over batches of the mean squared distance
 *     {@code ‖z_e − e_k‖²} between an encoder output and its code
 * @param updates number of batch updates applied
 * @param initialised whether the codebook holds codes (an empty codebook collects encoder outputs first)
 * @param frozen whether learning is switched off
 */
public record CodebookStats(int size, double perplexity, int liveCodes, long restarts, double meanQuantisationError,
        long updates, boolean initialised, boolean frozen) {}
