package io.beliefstream.models.scorer;

import io.beliefstream.models.vqvae.CodebookConfig;

/**
 * Architecture, regularisation and serving settings of a {@link ScorerModel}. Immutable; every value is checked in
 * the constructor.
 *
 * @param kind the family member
 * @param window number {@code W} of most recent observations scored; 2 to 64 (the per-stream state holds them)
 * @param hidden hidden width {@code H} of encoder and decoder (the stacked kind adds a second hidden layer of
 *     {@code max(D, H/2)}); at least 1
 * @param latentDim latent dimension {@code D} (for the VQ-VAE-2: of the bottom level); at least 1
 * @param regularisation the kind's weight, non-negative: the masking fraction {@code ν < 1} (denoising), the L1
 *     weight {@code λ} (sparse), the Jacobian weight {@code λ} (contractive), {@code β} of the KL term (VAE: 1,
 *     β-VAE: above 1), the commitment weight {@code β} (VQ-VAE-2); unused by the other kinds
 * @param sparsityK units kept by the k-sparse kind's top-k, {@code 1 ≤ k ≤ D}; unused by the other kinds
 * @param samples latent samples {@code L} of the VAEs' reconstruction probability; at least 1
 * @param topLatentDim dimension of the VQ-VAE-2's top level; at least 1
 * @param topCodes codes of the VQ-VAE-2's top codebook; at least 1
 * @param bottomCodes codes of the VQ-VAE-2's bottom codebook; at least 1
 * @param normalisationWindow time constant (observations) of the per-stream running mean and variance; at least 1
 * @param clip normalised values are clipped to {@code [−clip, clip]}; positive
 */
public record ScorerConfig(ScorerKind kind, int window, int hidden, int latentDim, double regularisation,
        int sparsityK, int samples, int topLatentDim, int topCodes, int bottomCodes, double normalisationWindow,
        double clip) {
    /** Default window, as the VQ-VAE's. */
    public static final int DEFAULT_WINDOW = 32;
    /** Default hidden width. */
    public static final int DEFAULT_HIDDEN = 64;
    /** Default latent dimension. */
    public static final int DEFAULT_LATENT_DIM = 8;
    /** Default latent samples of the reconstruction probability. */
    public static final int DEFAULT_SAMPLES = 8;
    /** Default normalisation time constant, as the VQ-VAE's. */
    public static final double DEFAULT_NORMALISATION_WINDOW = 256;
    /** Default clip, as the VQ-VAE's. */
    public static final double DEFAULT_CLIP = 8;

    public ScorerConfig {
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        if (window < 2 || window > 64) {
            throw new IllegalArgumentException("window must be in [2, 64], got " + window);
        }
        if (hidden < 1 || latentDim < 1 || samples < 1 || topLatentDim < 1 || topCodes < 1 || bottomCodes < 1) {
            throw new IllegalArgumentException("hidden, latentDim, samples, topLatentDim, topCodes and bottomCodes "
                    + "must be at least 1");
        }
        if (!(regularisation >= 0) || Double.isInfinite(regularisation)) {
            throw new IllegalArgumentException("regularisation must be non-negative and finite, got " + regularisation);
        }
        if (kind == ScorerKind.DENOISING && regularisation >= 1) {
            throw new IllegalArgumentException("the masking fraction must be below 1, got " + regularisation);
        }
        if (kind == ScorerKind.K_SPARSE && (sparsityK < 1 || sparsityK > latentDim)) {
            throw new IllegalArgumentException("sparsityK must be in [1, latentDim], got " + sparsityK);
        }
        if (!(normalisationWindow >= 1) || Double.isInfinite(normalisationWindow)) {
            throw new IllegalArgumentException("normalisationWindow must be at least 1, got " + normalisationWindow);
        }
        if (!(clip > 0) || Double.isInfinite(clip)) {
            throw new IllegalArgumentException("clip must be positive and finite, got " + clip);
        }
    }

    /** The defaults of {@code kind} (the settings of its default bundle). */
    public static ScorerConfig defaults(ScorerKind kind) {
        double reg = switch (kind) {
            case DENOISING -> 0.2;
            case SPARSE -> 1e-3;
            case CONTRACTIVE -> 1e-2;
            case VAE -> 1.0;
            case BETA_VAE -> 4.0;
            case VQ_VAE_2 -> 0.25;
            default -> 0.0;
        };
        int d = kind == ScorerKind.K_SPARSE ? 16 : DEFAULT_LATENT_DIM;
        return new ScorerConfig(kind, DEFAULT_WINDOW, DEFAULT_HIDDEN, d, reg, 4, DEFAULT_SAMPLES, 4, 16, 64,
                DEFAULT_NORMALISATION_WINDOW, DEFAULT_CLIP);
    }

    /** Dimension of the latent the kernel exposes in {@code WindowResult.latent}: {@code Dt + D} for the VQ-VAE-2. */
    public int exposedLatentDim() {
        return kind == ScorerKind.VQ_VAE_2 ? topLatentDim + latentDim : latentDim;
    }

    /** The top codebook's configuration (VQ-VAE-2; defaults of the VQ-VAE's EMA, seeded). */
    public CodebookConfig topCodebook(long seed) {
        return codebook(topCodes, topLatentDim, seed);
    }

    /** The bottom codebook's configuration (VQ-VAE-2). */
    public CodebookConfig bottomCodebook(long seed) {
        return codebook(bottomCodes, latentDim, seed + 1);
    }

    private static CodebookConfig codebook(int k, int d, long seed) {
        return new CodebookConfig(k, d, CodebookConfig.DEFAULT_DECAY, CodebookConfig.DEFAULT_EPSILON,
                CodebookConfig.DEFAULT_DEAD_FRACTION, CodebookConfig.DEFAULT_INIT_SAMPLES_PER_CODE,
                CodebookConfig.DEFAULT_RECENT_SIZE, seed);
    }
}
