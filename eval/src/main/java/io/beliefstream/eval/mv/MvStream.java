package io.beliefstream.eval.mv;

import java.util.List;
import java.util.Objects;

/**
 * One multivariate stream of an evaluation corpus: its anomaly-free training part (streamed first, as history), its
 * test part (scored), one label per test row and, where the corpus has them, the dimensions to blame per range.
 *
 * @param name machine or channel name
 * @param train training rows, {@code [row][dim]}
 * @param test test rows, {@code [row][dim]}, same dimension
 * @param labels per test row, whether it lies in a labelled anomaly
 * @param blames ranges of test rows with the 0-based dimensions to blame (empty when the corpus has none)
 */
public record MvStream(String name, double[][] train, double[][] test, boolean[] labels, List<Blame> blames) {
    public MvStream {
        Objects.requireNonNull(name, "name");
        if (test.length == 0 || labels.length != test.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels for " + test.length + " test rows");
        }
        int d = test[0].length;
        for (double[][] part : new double[][][] {train, test}) {
            for (double[] row : part) {
                if (row.length != d) {
                    throw new IllegalArgumentException(name + ": rows of dimension " + row.length + " and " + d);
                }
            }
        }
        blames = List.copyOf(blames);
    }

    /** The dimension D of every row. */
    public int dims() {
        return test[0].length;
    }

    /**
     * Test rows {@code [start, end)} and the 0-based dimensions blamed for them.
     *
     * @param start first row
     * @param end row after the last
     * @param dims blamed dimensions, 0-based
     */
    public record Blame(int start, int end, int[] dims) {
        public Blame {
            if (start < 0 || end <= start || dims.length == 0) {
                throw new IllegalArgumentException("bad blame range " + start + "-" + end);
            }
            dims = dims.clone();
        }
    }
}
