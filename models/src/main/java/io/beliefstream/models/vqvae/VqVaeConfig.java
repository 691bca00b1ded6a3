package io.beliefstream.models.vqvae;

/**
 * Architecture and serving configuration of a {@link VqVaeModel}. Immutable; every value is checked in the
 * constructor.
 *
 * <p>Encoder: {@code z_e = W2ᵀ relu(W1ᵀ x + b1) + b2} over the normalised window {@code x ∈ R^W}; codebook of
 * {@code K} codes in {@code R^D}; decoder: {@code x̂ = W4ᵀ relu(W3ᵀ z_q + b3) + b4}.
 *
 * @param window number {@code W} of most recent observations scored; 2 to 64 (the per-stream state holds them)
 * @param hidden hidden width {@code H} of encoder and decoder; at least 1
 * @param latentDim code dimension {@code D}; at least 1
 * @param codebookSize number of codes {@code K}; at least 1
 * @param beta weight {@code β} of the commitment term; non-negative
 * @param normalisationWindow time constant (observations) of the per-stream running mean and variance used to
 *     normalise windows; at least 1
 * @param clip normalised values are clipped to {@code [−clip, clip]}; positive
 * @param decay EMA decay {@code γ} of the codebook
 * @param epsilon Laplace smoothing {@code ε} of the codebook counts
 * @param deadFraction dead-code threshold of the codebook, relative to the mean count
 */
public record VqVaeConfig(int window, int hidden, int latentDim, int codebookSize, double beta,
        double normalisationWindow, double clip, double decay, double epsilon, double deadFraction) {
    /** Default window: 32 observations (128 bytes of per-stream state). */
    public static final int DEFAULT_WINDOW = 32;
    /** Default hidden width. */
    public static final int DEFAULT_HIDDEN = 128;
    /** Default code dimension (D = 16 reconstructed unseen shapes markedly worse in trials; see docs/notes/vqvae.md). */
    public static final int DEFAULT_LATENT_DIM = 32;
    /** Default number of codes. */
    public static final int DEFAULT_CODEBOOK_SIZE = 256;
    /** Default commitment weight, as in van den Oord et al. (2017). */
    public static final double DEFAULT_BETA = 0.25;
    /** Default time constant of the per-stream normalisation statistics. */
    public static final double DEFAULT_NORMALISATION_WINDOW = 256;
    /** Default clip of normalised values. */
    public static final double DEFAULT_CLIP = 8;

    public VqVaeConfig {
        if (window < 2 || window > 64) {
            throw new IllegalArgumentException("window must be in [2, 64], got " + window);
        }
        if (hidden < 1) {
            throw new IllegalArgumentException("hidden must be at least 1, got " + hidden);
        }
        if (latentDim < 1) {
            throw new IllegalArgumentException("latentDim must be at least 1, got " + latentDim);
        }
        if (codebookSize < 1) {
            throw new IllegalArgumentException("codebookSize must be at least 1, got " + codebookSize);
        }
        if (!(beta >= 0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be non-negative and finite, got " + beta);
        }
        if (!(normalisationWindow >= 1) || Double.isInfinite(normalisationWindow)) {
            throw new IllegalArgumentException("normalisationWindow must be at least 1, got " + normalisationWindow);
        }
        if (!(clip > 0)) {
            throw new IllegalArgumentException("clip must be positive, got " + clip);
        }
        // the codebook checks its own values with the same names
        codebookConfigOf(codebookSize, latentDim, decay, epsilon, deadFraction);
    }

    /** All defaults. */
    public static VqVaeConfig defaults() {
        return new VqVaeConfig(DEFAULT_WINDOW, DEFAULT_HIDDEN, DEFAULT_LATENT_DIM, DEFAULT_CODEBOOK_SIZE, DEFAULT_BETA,
                DEFAULT_NORMALISATION_WINDOW, DEFAULT_CLIP, CodebookConfig.DEFAULT_DECAY,
                CodebookConfig.DEFAULT_EPSILON, CodebookConfig.DEFAULT_DEAD_FRACTION);
    }

    /** Defaults with the given sizes. */
    public static VqVaeConfig of(int window, int hidden, int latentDim, int codebookSize) {
        return new VqVaeConfig(window, hidden, latentDim, codebookSize, DEFAULT_BETA, DEFAULT_NORMALISATION_WINDOW,
                DEFAULT_CLIP, CodebookConfig.DEFAULT_DECAY, CodebookConfig.DEFAULT_EPSILON,
                CodebookConfig.DEFAULT_DEAD_FRACTION);
    }

    /** The codebook configuration these values imply (default seed and buffer sizes). */
    public CodebookConfig codebookConfig() {
        return codebookConfigOf(codebookSize, latentDim, decay, epsilon, deadFraction);
    }

    private static CodebookConfig codebookConfigOf(int k, int d, double decay, double epsilon, double deadFraction) {
        return new CodebookConfig(k, d, decay, epsilon, deadFraction, CodebookConfig.DEFAULT_INIT_SAMPLES_PER_CODE,
                CodebookConfig.DEFAULT_RECENT_SIZE, CodebookConfig.DEFAULT_SEED);
    }
}
