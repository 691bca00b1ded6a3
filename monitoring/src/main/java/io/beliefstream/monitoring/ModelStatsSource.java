package io.beliefstream.monitoring;

import java.util.List;

/**
 * What the model meters read: the loaded models and, for those with a VQ-VAE codebook, its health. Implemented by
 * the application over the engine; the VQ-VAE's own codebook statistics are adapted to {@link CodebookStats}.
 */
public interface ModelStatsSource {

    /**
     * Health of one codebook (architecture.md, VQ-VAE online: EMA updates with dead-code restarts).
     *
     * @param size number of codes {@code K}
     * @param liveCodes codes whose EMA count {@code N_i} is above the dead-code threshold
     * @param perplexity {@code exp(-Σ p_i log p_i)} of the code usage distribution {@code p_i = N_i / Σ N}; between 1
     *     (collapse onto one code) and {@code K} (uniform use)
     * @param restarts dead codes re-initialised from recent encoder outputs since start-up
     */
    record CodebookStats(int size, int liveCodes, double perplexity, long restarts) {
        public CodebookStats {
            if (size < 1 || liveCodes < 0 || liveCodes > size || restarts < 0) {
                throw new IllegalArgumentException("codebook stats out of range: size " + size + ", live "
                        + liveCodes + ", restarts " + restarts);
            }
        }
    }

    /**
     * One loaded model.
     *
     * @param name model name (bounded: a handful of models)
     * @param version trained version
     * @param active whether it serves now
     * @param codebook codebook health, or null for a model without a codebook
     */
    record ModelStatus(String name, String version, boolean active, CodebookStats codebook) {}

    /** The loaded models now. Called at every scrape: must be cheap and thread-safe. */
    List<ModelStatus> models();
}
