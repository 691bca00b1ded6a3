package io.beliefstream.models.tdvae;

import java.nio.file.Path;

/**
 * Options of one TD-VAE training run. Training samples windows of {@code windowLength} observations from the
 * training sequences; in each window it samples {@code pairsPerWindow} pairs {@code t1 < t2} with
 * {@code dt = t2 - t1} drawn from {@link #jumpProbabilityShort()}: with that probability uniform in
 * {@code [1, shortJumpMax]}, otherwise uniform in {@code [1, longJumpMax]}; both capped so that
 * {@code burnIn <= t1 < t2 < windowLength}.
 *
 * @param windowLength observations per training window (the unrolled LSTM length)
 * @param batchSize windows per optimisation step
 * @param pairsPerWindow {@code (t1, t2)} pairs per window per step
 * @param epochs maximum number of epochs
 * @param stepsPerEpoch optimisation steps per epoch
 * @param learningRate Adam step size
 * @param gradientClipNorm the global gradient L2 norm is scaled down to at most this
 * @param validationFraction share of sequences (or, with fewer than 5 sequences, of each sequence's tail) held out
 * @param patience epochs without a better validation loss before early stopping
 * @param shortJumpMax upper end of the short jump range
 * @param longJumpMax upper end of the long jump range
 * @param jumpProbabilityShort probability of drawing from the short range
 * @param burnIn smallest {@code t1}: observations the belief sees before the first pair starts
 * @param warmupSteps KL warm-up: the weight β of the rate terms of {@code -J} rises linearly from
 *     {@value #WARMUP_START} to 1 over this many steps (0 = no warm-up), against posterior collapse
 * @param auxiliaryWeight weight λ of the auxiliary belief-to-transition forecast term (see
 *     {@code internal.TdVaeGraph}); 0 trains the pure objective {@code -J}
 * @param normalisation how observations are scaled for training (and, by default, for serving)
 * @param seed seed of every random choice (initialisation, windows, jumps, noise): equal seeds give equal runs
 * @param checkpointDir where {@code best.bsb} and {@code last.bsb} are written after every epoch, or {@code null}
 */
public record TdVaeTrainingConfig(int windowLength, int batchSize, int pairsPerWindow, int epochs,
        int stepsPerEpoch, double learningRate, double gradientClipNorm, double validationFraction, int patience,
        int shortJumpMax, int longJumpMax, double jumpProbabilityShort, int burnIn, int warmupSteps,
        double auxiliaryWeight, Normalisation normalisation,
        long seed, Path checkpointDir) {

    /** How training observations are scaled; the served model follows the bundle's choice. */
    public enum Normalisation {
        /**
         * One mean and standard deviation over all training data, stored in the bundle and applied to every served
         * stream. Right when every stream shares the training scale (the oscillator).
         */
        GLOBAL,
        /**
         * Each training sequence z-scored by its own statistics; each served stream by its own running statistics
         * (see {@link TdVaeModel}). Right when streams have arbitrary scales (the service default).
         */
        PER_SEQUENCE
    }

    public static final int DEFAULT_WINDOW_LENGTH = 64;
    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_PAIRS_PER_WINDOW = 4;
    public static final int DEFAULT_EPOCHS = 20;
    public static final int DEFAULT_STEPS_PER_EPOCH = 50;
    public static final double DEFAULT_LEARNING_RATE = 3e-3;
    public static final double DEFAULT_GRADIENT_CLIP_NORM = 10.0;
    public static final double DEFAULT_VALIDATION_FRACTION = 0.1;
    public static final int DEFAULT_PATIENCE = 5;
    /** The paper's short jump range: dt in [1, 10] ... */
    public static final int DEFAULT_SHORT_JUMP_MAX = 10;
    /** ... and long jump range: dt in [1, 120] ... */
    public static final int DEFAULT_LONG_JUMP_MAX = 120;
    /** ... the short one drawn with probability 0.8. */
    public static final double DEFAULT_JUMP_PROBABILITY_SHORT = 0.8;
    public static final int DEFAULT_BURN_IN = 8;
    /** Default KL warm-up length in optimisation steps. */
    public static final int DEFAULT_WARMUP_STEPS = 200;
    /** Default weight of the auxiliary forecast term. */
    public static final double DEFAULT_AUXILIARY_WEIGHT = 1.0;
    /** β at the first step of the warm-up. */
    public static final double WARMUP_START = 0.1;
    public static final long DEFAULT_SEED = 42L;

    public TdVaeTrainingConfig {
        TdVaeConfig.requireRange("windowLength", windowLength, 3, 100_000);
        TdVaeConfig.requireRange("batchSize", batchSize, 1, 100_000);
        TdVaeConfig.requireRange("pairsPerWindow", pairsPerWindow, 1, 1024);
        TdVaeConfig.requireRange("epochs", epochs, 1, 1_000_000);
        TdVaeConfig.requireRange("stepsPerEpoch", stepsPerEpoch, 1, 100_000_000);
        if (!(learningRate > 0 && learningRate < 1)) {
            throw new IllegalArgumentException("learningRate must be in (0, 1), got " + learningRate);
        }
        if (!(gradientClipNorm > 0)) {
            throw new IllegalArgumentException("gradientClipNorm must be positive, got " + gradientClipNorm);
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction must be in (0, 1), got " + validationFraction);
        }
        TdVaeConfig.requireRange("patience", patience, 1, 1_000_000);
        TdVaeConfig.requireRange("shortJumpMax", shortJumpMax, 1, 1_000_000);
        TdVaeConfig.requireRange("longJumpMax", longJumpMax, 1, 1_000_000);
        if (!(jumpProbabilityShort >= 0 && jumpProbabilityShort <= 1)) {
            throw new IllegalArgumentException("jumpProbabilityShort must be in [0, 1], got " + jumpProbabilityShort);
        }
        TdVaeConfig.requireRange("burnIn", burnIn, 0, windowLength - 2);
        TdVaeConfig.requireRange("warmupSteps", warmupSteps, 0, Integer.MAX_VALUE);
        if (!(auxiliaryWeight >= 0) || !Double.isFinite(auxiliaryWeight)) {
            throw new IllegalArgumentException("auxiliaryWeight must be finite and non-negative, got "
                    + auxiliaryWeight);
        }
        if (normalisation == null) {
            throw new IllegalArgumentException("normalisation must not be null");
        }
    }

    /** All defaults (per-sequence normalisation, seed {@value #DEFAULT_SEED}, no checkpoints). */
    public static TdVaeTrainingConfig defaults() {
        return new TdVaeTrainingConfig(DEFAULT_WINDOW_LENGTH, DEFAULT_BATCH_SIZE, DEFAULT_PAIRS_PER_WINDOW,
                DEFAULT_EPOCHS, DEFAULT_STEPS_PER_EPOCH, DEFAULT_LEARNING_RATE, DEFAULT_GRADIENT_CLIP_NORM,
                DEFAULT_VALIDATION_FRACTION, DEFAULT_PATIENCE, DEFAULT_SHORT_JUMP_MAX, DEFAULT_LONG_JUMP_MAX,
                DEFAULT_JUMP_PROBABILITY_SHORT, DEFAULT_BURN_IN, DEFAULT_WARMUP_STEPS, DEFAULT_AUXILIARY_WEIGHT,
                Normalisation.PER_SEQUENCE, DEFAULT_SEED, null);
    }

    public TdVaeTrainingConfig withWindowLength(int v) {
        return new TdVaeTrainingConfig(v, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                Math.min(burnIn, v - 2), warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withBatchSize(int v) {
        return new TdVaeTrainingConfig(windowLength, v, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withEpochs(int epochs, int stepsPerEpoch) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withLearningRate(double v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, v,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withJumps(int shortMax, int longMax, double probabilityShort) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortMax, longMax, probabilityShort, burnIn,
                warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withNormalisation(Normalisation v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, v, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withSeed(long v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, v, checkpointDir);
    }

    public TdVaeTrainingConfig withPatience(int v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, v, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withWarmupSteps(int v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, v, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withAuxiliaryWeight(double v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, v, normalisation, seed, checkpointDir);
    }

    public TdVaeTrainingConfig withPairsPerWindow(int v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, v, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, seed, checkpointDir);
    }

    /** β of the rate terms at optimisation step {@code step} (1-based). */
    public double warmupBeta(long step) {
        if (warmupSteps == 0 || step >= warmupSteps) {
            return 1.0;
        }
        return WARMUP_START + (1 - WARMUP_START) * (step - 1) / warmupSteps;
    }

    public TdVaeTrainingConfig withCheckpointDir(Path v) {
        return new TdVaeTrainingConfig(windowLength, batchSize, pairsPerWindow, epochs, stepsPerEpoch, learningRate,
                gradientClipNorm, validationFraction, patience, shortJumpMax, longJumpMax, jumpProbabilityShort,
                burnIn, warmupSteps, auxiliaryWeight, normalisation, seed, v);
    }
}
