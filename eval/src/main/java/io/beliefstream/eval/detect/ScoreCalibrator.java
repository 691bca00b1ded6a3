package io.beliefstream.eval.detect;

/**
 * Turns one stream's raw anomaly evidence (a negative log-likelihood, a reconstruction error) into a score in
 * [0, 1]. Stateful, one per stream; the engine's calibrated normaliser plugs in here, so evaluation scores exactly
 * what the service publishes.
 */
public interface ScoreCalibrator {

    /**
     * Absorbs a raw value and returns the score of it, in [0, 1]. A NaN raw value (no evidence yet, such as a
     * surprise before the first forecast matured) must give a score, typically 0.
     */
    double calibrate(double raw);
}
