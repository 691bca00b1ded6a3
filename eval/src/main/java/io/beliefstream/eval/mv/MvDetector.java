package io.beliefstream.eval.mv;

/**
 * A streaming detector of D-dimensional observations: scores each row before it absorbs it, and says how much each
 * dimension contributed (its blamed dimensions are those with the largest contribution). One instance per stream.
 */
public interface MvDetector {

    /**
     * Scores a row and absorbs it.
     *
     * @param x the row, length D
     * @param perDim filled with each dimension's contribution (higher = more to blame), length D; null when the
     *     caller does not need it (a detector may then skip the work of attributing)
     * @return the anomaly score, higher meaning more anomalous
     */
    double score(double[] x, double[] perDim);

    /** Makes one detector per stream and names it in results. */
    interface Factory {
        /** Name used in JSON ({@code detectors.<name>}). */
        String name();

        /** A fresh detector for a stream of dimension {@code dims}. */
        MvDetector create(int dims);
    }
}
