package io.beliefstream.eval.ucr;

/**
 * The archive's scoring rule (Wu &amp; Keogh, TKDE 2021, and the KDD Cup 2021 that used it): a detector names one
 * point per series, the position of its highest anomaly score after the training part, and the series counts as
 * solved when that position lies within [anomalyStart − 100, anomalyEnd + 100]; the figure is the fraction of
 * series solved. Ties go to the first position, so a score that saturates early cannot profit from a later tie.
 */
public final class UcrScorer {
    private UcrScorer() {
    }

    /**
     * The 1-based position of the highest score after the training part: the argmax over 0-based rows
     * {@code trainEnd … n−1} (1-based positions {@code trainEnd+1 … n}), the first one on ties.
     *
     * @throws IllegalArgumentException if no row follows the training part or a score is NaN
     */
    public static int foundPosition(double[] scores, int trainEnd) {
        if (trainEnd < 0 || trainEnd >= scores.length) {
            throw new IllegalArgumentException("trainEnd " + trainEnd + " leaves no row to score of " + scores.length);
        }
        int best = trainEnd;
        for (int i = trainEnd; i < scores.length; i++) {
            if (Double.isNaN(scores[i])) {
                throw new IllegalArgumentException("score at row " + i + " is NaN");
            }
            if (scores[i] > scores[best]) {
                best = i;
            }
        }
        return best + 1;
    }

    /** Whether the detector's scores solve the series. */
    public static boolean solved(UcrLabel label, double[] scores) {
        return label.solvedBy(foundPosition(scores, label.trainEnd()));
    }
}
