package io.beliefstream.models.vqvae;

/**
 * Offline training settings of {@link VqVaeTrainer}. Immutable; every value is checked in the constructor.
 *
 * @param epochs passes over the training windows; at least 1
 * @param batchSize windows per Adam step (and per EMA codebook update); at least 2
 * @param learningRate Adam learning rate; positive
 * @param seed seed of weight initialisation, shuffling and codebook draws
 */
public record VqVaeTrainingConfig(int epochs, int batchSize, double learningRate, long seed) {
    /** Default number of epochs. */
    public static final int DEFAULT_EPOCHS = 10;
    /** Default batch size. */
    public static final int DEFAULT_BATCH_SIZE = 128;
    /** Default Adam learning rate. */
    public static final double DEFAULT_LEARNING_RATE = 2e-3;
    /** Default seed. */
    public static final long DEFAULT_SEED = 7L;

    public VqVaeTrainingConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs must be at least 1, got " + epochs);
        }
        if (batchSize < 2) {
            throw new IllegalArgumentException("batchSize must be at least 2, got " + batchSize);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive and finite, got " + learningRate);
        }
    }

    /** All defaults. */
    public static VqVaeTrainingConfig defaults() {
        return new VqVaeTrainingConfig(DEFAULT_EPOCHS, DEFAULT_BATCH_SIZE, DEFAULT_LEARNING_RATE, DEFAULT_SEED);
    }
}
