package io.beliefstream.eval.nab;

/**
 * NAB's raw score of a file (or a whole corpus) at one threshold, with NAB's row counts: {@code tp} rows inside
 * windows at or above the threshold, {@code fn} rows inside windows below it, {@code fp} and {@code tn} likewise
 * outside windows. Rows in the probationary period are not counted.
 *
 * @param threshold anomaly scores at or above it are detections
 * @param score raw (unnormalised) NAB score
 */
public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {
    /** Rows counted ({@code tp + tn + fp + fn}). */
    public int total() {
        return tp + tn + fp + fn;
    }
}
