package io.beliefstream.models.vqvae;

import java.util.List;

/**
 * Settings of the regime-drift evaluation ({@link VqVaeCommands#evaluateDrift}). Immutable; checked in the
 * constructor.
 *
 * @param phases the regimes in order; by default three shapes the default model was trained on, then one it never
 *     saw ({@link RegimeSignals.Shape#RINGING})
 * @param phaseLength observations per phase and stream; at least 100
 * @param streams streams scored side by side (one batch per step; each its own random phase and noise)
 * @param period period of every regime in observations
 * @param noise noise standard deviation; every regime is scaled to unit root-mean-square, so this is the inverse
 *     square root of the signal-to-noise ratio and is the same in every phase
 * @param settleFraction the per-phase error is the mean over the last {@code settleFraction} of the phase (after
 *     the per-stream normalisation and the codebook have had time to adapt); in (0, 1]
 * @param sampleEvery steps between samples of {@code live_codes} and {@code perplexity}; at least 1
 * @param seed seed of the signals
 */
public record VqDriftOptions(List<RegimeSignals.Shape> phases, int phaseLength, int streams, double period,
        double noise, double settleFraction, int sampleEvery, long seed) {
    /** Default phases. */
    public static final List<RegimeSignals.Shape> DEFAULT_PHASES = List.of(RegimeSignals.Shape.SINE,
            RegimeSignals.Shape.SQUARE, RegimeSignals.Shape.SAWTOOTH, RegimeSignals.Shape.RINGING);
    /** Default phase length. */
    public static final int DEFAULT_PHASE_LENGTH = 4000;
    /** Default number of streams. */
    public static final int DEFAULT_STREAMS = 16;
    /** Default period. */
    public static final double DEFAULT_PERIOD = 24;
    /** Default relative noise. */
    public static final double DEFAULT_NOISE = 0.05;
    /** Default settled fraction of each phase. */
    public static final double DEFAULT_SETTLE_FRACTION = 0.5;
    /** Default sampling interval of the codebook statistics. */
    public static final int DEFAULT_SAMPLE_EVERY = 100;
    /** Default seed. */
    public static final long DEFAULT_SEED = 2026L;

    public VqDriftOptions {
        if (phases == null || phases.size() < 2) {
            throw new IllegalArgumentException("phases must name at least two regimes");
        }
        phases = List.copyOf(phases);
        if (phaseLength < 100) {
            throw new IllegalArgumentException("phaseLength must be at least 100, got " + phaseLength);
        }
        if (streams < 1) {
            throw new IllegalArgumentException("streams must be at least 1, got " + streams);
        }
        if (!(period >= 2)) {
            throw new IllegalArgumentException("period must be at least 2, got " + period);
        }
        if (!(noise >= 0)) {
            throw new IllegalArgumentException("noise must be non-negative, got " + noise);
        }
        if (!(settleFraction > 0 && settleFraction <= 1)) {
            throw new IllegalArgumentException("settleFraction must be in (0, 1], got " + settleFraction);
        }
        if (sampleEvery < 1) {
            throw new IllegalArgumentException("sampleEvery must be at least 1, got " + sampleEvery);
        }
    }

    /** All defaults. */
    public static VqDriftOptions defaults() {
        return new VqDriftOptions(DEFAULT_PHASES, DEFAULT_PHASE_LENGTH, DEFAULT_STREAMS, DEFAULT_PERIOD, DEFAULT_NOISE,
                DEFAULT_SETTLE_FRACTION, DEFAULT_SAMPLE_EVERY, DEFAULT_SEED);
    }
}
