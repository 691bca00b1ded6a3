package io.beliefstream.models.vqvae;

/**
 * Configuration of an {@link EmaCodebook}. Immutable; every value is checked in the constructor.
 *
 * @param size number of codes {@code K}
 * @param dim code dimension {@code D}
 * @param decay EMA decay {@code γ} of the counts {@code N_i} and sums {@code m_i}, in (0, 1)
 * @param epsilon Laplace smoothing {@code ε} of the counts, positive
 * @param deadFraction a code is dead when {@code N_i < deadFraction · (Σ_j N_j) / K}; in [0, 1); 0 disables restarts
 * @param initSamplesPerCode an empty codebook collects {@code initSamplesPerCode · K} encoder outputs before its
 *     k-means++ initialisation; at least 1
 * @param recentSize number of recent encoder outputs kept for dead-code restarts; at least 1
 * @param seed seed of the random choices (k-means++ draws, restart draws)
 */
public record CodebookConfig(int size, int dim, double decay, double epsilon, double deadFraction,
        int initSamplesPerCode, int recentSize, long seed) {
    /** Default {@code γ}, as in van den Oord et al. (2017), appendix. */
    public static final double DEFAULT_DECAY = 0.99;
    /** Default Laplace smoothing of the counts. */
    public static final double DEFAULT_EPSILON = 1e-5;
    /**
     * Default dead-code threshold relative to the mean count: a code that received less than 1/100 of an average
     * code's share for long enough (about 460 batches once unused at γ = 0.99) is restarted.
     */
    public static final double DEFAULT_DEAD_FRACTION = 0.01;
    /** Default number of encoder outputs per code collected before k-means++ initialisation. */
    public static final int DEFAULT_INIT_SAMPLES_PER_CODE = 4;
    /** Default size of the ring of recent encoder outputs used for restarts. */
    public static final int DEFAULT_RECENT_SIZE = 1024;
    /** Default seed. */
    public static final long DEFAULT_SEED = 42L;

    public CodebookConfig {
        if (size < 1) {
            throw new IllegalArgumentException("size must be at least 1, got " + size);
        }
        if (dim < 1) {
            throw new IllegalArgumentException("dim must be at least 1, got " + dim);
        }
        if (!(decay > 0 && decay < 1)) {
            throw new IllegalArgumentException("decay must be in (0, 1), got " + decay);
        }
        if (!(epsilon > 0) || Double.isInfinite(epsilon)) {
            throw new IllegalArgumentException("epsilon must be positive and finite, got " + epsilon);
        }
        if (!(deadFraction >= 0 && deadFraction < 1)) {
            throw new IllegalArgumentException("deadFraction must be in [0, 1), got " + deadFraction);
        }
        if (initSamplesPerCode < 1) {
            throw new IllegalArgumentException("initSamplesPerCode must be at least 1, got " + initSamplesPerCode);
        }
        if (recentSize < 1) {
            throw new IllegalArgumentException("recentSize must be at least 1, got " + recentSize);
        }
    }

    /** Defaults for everything but the size and dimension. */
    public static CodebookConfig of(int size, int dim) {
        return new CodebookConfig(size, dim, DEFAULT_DECAY, DEFAULT_EPSILON, DEFAULT_DEAD_FRACTION,
                DEFAULT_INIT_SAMPLES_PER_CODE, DEFAULT_RECENT_SIZE, DEFAULT_SEED);
    }

    /** A copy with another decay. */
    public CodebookConfig withDecay(double newDecay) {
        return new CodebookConfig(size, dim, newDecay, epsilon, deadFraction, initSamplesPerCode, recentSize, seed);
    }

    /** A copy with another dead-code fraction. */
    public CodebookConfig withDeadFraction(double newDeadFraction) {
        return new CodebookConfig(size, dim, decay, epsilon, newDeadFraction, initSamplesPerCode, recentSize, seed);
    }

    /** A copy with another seed. */
    public CodebookConfig withSeed(long newSeed) {
        return new CodebookConfig(size, dim, decay, epsilon, deadFraction, initSamplesPerCode, recentSize, newSeed);
    }
}
