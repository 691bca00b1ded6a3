package io.beliefstream.eval.nab.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * NAB's scoring algorithm (numenta/NAB {@code nab/sweeper.py}, v1.1), on primitive arrays.
 *
 * <p>Every row gets an unweighted score from where it lies relative to the labelled windows:
 * inside a window, the scaled sigmoid {@code σ̃(y) = 2·sigmoid(−5y) − 1} of its relative position
 * {@code y = −(right − i + 1) / width} (−1 at the left edge, just below 0 at the right edge); outside, −1 before
 * any window, else {@code σ̃(|i − prevRight| / (prevWidth − 1))} of its distance past the preceding window's right
 * edge. Rows in the probationary period ({@code i < min(floor(p·N), p·5000)}) are marked and never scored.
 *
 * <p>The threshold sweep then walks the rows from the highest anomaly score down: a window's part of the score
 * starts at {@code −fnWeight} and becomes the best weighted TP score of its detected rows
 * ({@code σ̃(y)·tpWeight / σ̃(−1)}); each detected row outside windows adds {@code σ̃·fpWeight}. One
 * {@link Row} is emitted per distinct anomaly score, with the counts and the score of detecting every row at or
 * above it; the first row (threshold 1.1) detects nothing.
 */
public final class Sweeper {
    /** Window id of a row in the probationary period. */
    public static final int PROBATIONARY = -2;
    /** Window id of a row outside every window. */
    public static final int NO_WINDOW = -1;
    /** The threshold of the first sweep row, above every valid anomaly score: no detections. */
    public static final double START_THRESHOLD = 1.1;

    private Sweeper() {
    }

    /** One sweep row: the score and counts when every scorable row with anomaly score ≥ threshold is a detection. */
    public record Row(double threshold, double score, int tp, int tn, int fp, int fn) {
    }

    /** {@code 1 / (1 + e^{−x})}. */
    public static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** NAB's scaled sigmoid: {@code −1} beyond 3, else {@code 2·sigmoid(−5x) − 1}. */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition > 3.0) {
            return -1.0;
        }
        return 2 * sigmoid(-5 * relativePosition) - 1.0;
    }

    /** NAB's probationary length {@code min(floor(p·N), p·5000)}: rows with index below it are not scored. */
    public static double probationaryLength(double probationPercent, int rows) {
        return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
    }

    /**
     * Per-row unweighted scores and window ids of one file.
     *
     * @param timestamps row timestamps
     * @param windowStarts window start timestamps, in label-file order; each must be a row timestamp
     * @param windowEnds window end timestamps; each must be a row timestamp
     * @param unweighted out: unweighted sigmoid score per row
     * @param windowId out: window index, {@link #NO_WINDOW} or {@link #PROBATIONARY} per row
     * @param inWindow out: whether the row lies in a window (true also for probationary rows in a window)
     */
    public static void sweepFile(long[] timestamps, long[] windowStarts, long[] windowEnds, double probationPercent,
            double[] unweighted, int[] windowId, boolean[] inWindow) {
        int n = timestamps.length;
        double probation = probationaryLength(probationPercent, n);
        int next = 0;
        int cur = -1;
        int curRight = -1;
        double curWidth = 0;
        int prevRight = -1;
        double prevWidth = 0;
        for (int i = 0; i < n; i++) {
            long t = timestamps[i];
            if (next < windowStarts.length && t == windowStarts[next]) {
                cur = next++;
                curRight = firstIndex(timestamps, windowEnds[cur]);
                curWidth = curRight - firstIndex(timestamps, windowStarts[cur]) + 1;
            }
            double u;
            if (cur >= 0) {
                double position = -(curRight - i + 1) / curWidth;
                u = scaledSigmoid(position);
            } else if (prevRight < 0) {
                u = -1.0;
            } else {
                u = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1));
            }
            unweighted[i] = u;
            inWindow[i] = cur >= 0;
            windowId[i] = i >= probation ? cur : PROBATIONARY;
            if (cur >= 0 && t == windowEnds[cur]) {
                prevRight = i;
                prevWidth = curWidth;
                cur = -1;
            }
        }
    }

    private static int firstIndex(long[] timestamps, long t) {
        for (int i = 0; i < timestamps.length; i++) {
            if (timestamps[i] == t) {
                return i;
            }
        }
        throw new IllegalArgumentException("window bound " + t + " is not a row timestamp");
    }

    /**
     * NAB's {@code calcScoreByThreshold}: the sweep rows over all scorable rows given (of one file or a whole
     * corpus; window ids must be unique across files).
     *
     * @param anomaly anomaly score per row
     * @param unweighted unweighted sigmoid score per row, from {@link #sweepFile}
     * @param windowId global window id per row, {@link #NO_WINDOW} or {@link #PROBATIONARY}
     * @param windowIdLimit one more than the largest window id
     */
    public static List<Row> scoreByThreshold(double[] anomaly, double[] unweighted, int[] windowId, int windowIdLimit,
            double tpWeight, double fpWeight, double fnWeight) {
        final double maxTp = scaledSigmoid(-1.0);
        int scorable = 0;
        for (int w : windowId) {
            if (w != PROBATIONARY) {
                scorable++;
            }
        }
        Integer[] order = new Integer[scorable];
        int k = 0;
        for (int i = 0; i < windowId.length; i++) {
            if (windowId[i] != PROBATIONARY) {
                order[k++] = i;
            }
        }
        // stable, highest anomaly score first (as Python's sorted(..., reverse=True))
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> anomaly[i]).reversed());

        // score parts in first-appearance order, as NAB's dict: "fp" first, then windows
        double[] part = new double[windowIdLimit];
        int[] partOrder = new int[windowIdLimit];
        boolean[] seen = new boolean[windowIdLimit];
        int parts = 0;
        int tn = 0;
        int fn = 0;
        for (int idx : order) {
            int w = windowId[idx];
            if (w >= 0) {
                fn++;
                if (!seen[w]) {
                    seen[w] = true;
                    part[w] = -fnWeight;
                    partOrder[parts++] = w;
                }
            } else {
                tn++;
            }
        }
        double fpPart = 0;
        int tp = 0;
        int fp = 0;
        double threshold = START_THRESHOLD;
        List<Row> rows = new ArrayList<>();
        for (int idx : order) {
            double a = anomaly[idx];
            if (a != threshold) {
                rows.add(new Row(threshold, sum(fpPart, part, partOrder, parts), tp, tn, fp, fn));
                threshold = a;
            }
            int w = windowId[idx];
            if (w >= 0) {
                tp++;
                fn--;
                double weighted = unweighted[idx] * tpWeight / maxTp;
                part[w] = Math.max(part[w], weighted);
            } else {
                fp++;
                tn--;
                fpPart += unweighted[idx] * fpWeight;
            }
        }
        rows.add(new Row(threshold, sum(fpPart, part, partOrder, parts), tp, tn, fp, fn));
        return rows;
    }

    private static double sum(double fpPart, double[] part, int[] partOrder, int parts) {
        double s = 0;
        s += fpPart;
        for (int j = 0; j < parts; j++) {
            s += part[partOrder[j]];
        }
        return s;
    }

    /**
     * NAB's {@code scoreDataSet} row selection: the row whose threshold equals the given one, else the last row
     * above it. Both mean "every row with anomaly score ≥ threshold is a detection". Where NAB would find no row
     * (every score above the threshold) this returns the last row, which detects every row, and a threshold above
     * {@link #START_THRESHOLD} gets the first row (no detections).
     */
    public static Row rowAt(List<Row> rows, double threshold) {
        Row prev = null;
        for (Row r : rows) {
            if (r.threshold() == threshold) {
                return r;
            } else if (r.threshold() < threshold) {
                return prev != null ? prev : r;
            }
            prev = r;
        }
        return rows.get(rows.size() - 1);
    }

    /**
     * NAB's optimiser: the row with the highest score; among equal scores the first, i.e. the highest threshold
     * (Python's stable sort by score, descending).
     */
    public static Row best(List<Row> rows) {
        Row best = rows.get(0);
        for (Row r : rows) {
            if (r.score() > best.score()) {
                best = r;
            }
        }
        return best;
    }
}
