package io.beliefstream.eval.detect;

/**
 * A simple stand-in {@link ScoreCalibrator}: the score of a raw value is its rank among the previous
 * {@code window} raw values, {@code (#below + ½·#equal) / n}, raised to the power {@code sharpness} so only the
 * extreme end of the stream's own history approaches 1. NaN raw values score 0 and are not remembered. Until
 * {@code minHistory} values have been seen it scores 0.
 */
public final class RankCalibrator implements ScoreCalibrator {
    /** Raw values remembered. */
    public static final int DEFAULT_WINDOW = 1000;
    /** Raw values needed before scoring. */
    public static final int DEFAULT_MIN_HISTORY = 50;
    /** Exponent applied to the rank. */
    public static final double DEFAULT_SHARPNESS = 4.0;

    private final double[] history;
    private final int minHistory;
    private final double sharpness;
    private int size;
    private int head;

    public RankCalibrator() {
        this(DEFAULT_WINDOW, DEFAULT_MIN_HISTORY, DEFAULT_SHARPNESS);
    }

    public RankCalibrator(int window, int minHistory, double sharpness) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be at least 1, got " + window);
        }
        if (minHistory < 1 || minHistory > window) {
            throw new IllegalArgumentException("minHistory must be in [1, window], got " + minHistory);
        }
        if (!(sharpness > 0)) {
            throw new IllegalArgumentException("sharpness must be positive, got " + sharpness);
        }
        this.history = new double[window];
        this.minHistory = minHistory;
        this.sharpness = sharpness;
    }

    @Override
    public double calibrate(double raw) {
        if (Double.isNaN(raw)) {
            return 0.0;
        }
        double score = 0.0;
        if (size >= minHistory) {
            double below = 0;
            for (int i = 0; i < size; i++) {
                if (history[i] < raw) {
                    below++;
                } else if (history[i] == raw) {
                    below += 0.5;
                }
            }
            score = Math.pow(below / size, sharpness);
        }
        if (size < history.length) {
            history[size++] = raw;
        } else {
            history[head] = raw;
            head = (head + 1) % history.length;
        }
        return score;
    }
}
