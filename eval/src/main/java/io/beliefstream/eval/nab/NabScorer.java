package io.beliefstream.eval.nab;

import io.beliefstream.eval.Series;
import io.beliefstream.eval.nab.internal.Sweeper;
import java.util.ArrayList;
import java.util.List;

/**
 * A Java implementation of the Numenta Anomaly Benchmark's scoring (numenta/NAB v1.1, {@code nab/sweeper.py},
 * {@code nab/scorer.py}, {@code nab/optimizer.py}, normalisation as in {@code nab/runner.py}).
 *
 * <ul>
 *   <li><b>Windows</b> come from the label file; a row is "in" a window between its start and end timestamps
 *       inclusive.
 *   <li><b>Probationary period</b>: the first {@code min(floor(p·N), p·5000)} rows (p = 0.15 by default: at most
 *       750 rows) are not scored.
 *   <li><b>Scaled sigmoid</b> {@code σ̃(y) = 2·sigmoid(−5y) − 1}: inside a window only the earliest detection
 *       counts, with {@code tpWeight·σ̃(y)/σ̃(−1)} at relative position {@code y ∈ [−1, 0)}; a window without
 *       detection costs {@code −fnWeight}; a detection outside windows adds {@code fpWeight·σ̃(d)} where
 *       {@code d} is its distance past the preceding window relative to that window's width ({@code −fpWeight}
 *       with no preceding window).
 *   <li><b>Threshold</b>: anomaly scores at or above it are detections; {@link #optimize} sweeps every distinct
 *       anomaly score over the whole corpus and keeps the best.
 *   <li><b>Normalisation</b>: {@code 100·(S − S_null)/(S_perfect − S_null)} with {@code S_perfect} the window
 *       count times {@code tpWeight} and {@code S_null} the optimised corpus score of NAB's null detector
 *       (constant 0.5), see {@link #normalize}.
 * </ul>
 *
 * <p>Counts (TP, TN, FP, FN) are NAB's: numbers of scorable rows, not of windows.
 */
public final class NabScorer {
    /** NAB's default share of each file that is probationary. */
    public static final double DEFAULT_PROBATION_PERCENT = 0.15;
    /** The constant anomaly score of NAB's null detector. */
    public static final double NULL_DETECTOR_SCORE = 0.5;

    private final double probationPercent;

    /** A scorer with NAB's default probationary share. */
    public NabScorer() {
        this(DEFAULT_PROBATION_PERCENT);
    }

    public NabScorer(double probationPercent) {
        if (!(probationPercent >= 0 && probationPercent < 1)) {
            throw new IllegalArgumentException("probationPercent must be in [0, 1), got " + probationPercent);
        }
        this.probationPercent = probationPercent;
    }

    public double probationPercent() {
        return probationPercent;
    }

    /** Rows at the start of a file of {@code rows} rows that are not scored. */
    public int probationaryRows(int rows) {
        return (int) Math.ceil(Sweeper.probationaryLength(probationPercent, rows));
    }

    /**
     * Prepares one file for scoring.
     *
     * @param series the file's rows (only the timestamps are used)
     * @param anomalyScores one score per row, each finite and in [0, 1]
     * @param windows the file's labelled windows, in label-file order
     * @throws IllegalArgumentException if lengths differ, a score is out of range, or a window bound is not a row
     *     timestamp
     */
    public FileSweep sweep(Series series, double[] anomalyScores, List<LabelWindow> windows) {
        return sweep(series.name(), series.timestamps(), anomalyScores, windows);
    }

    /** As {@link #sweep(Series, double[], List)}, from raw timestamps. */
    public FileSweep sweep(String name, long[] timestamps, double[] anomalyScores, List<LabelWindow> windows) {
        int n = timestamps.length;
        if (anomalyScores.length != n) {
            throw new IllegalArgumentException(name + ": " + anomalyScores.length + " anomaly scores for " + n
                    + " rows");
        }
        for (int i = 0; i < n; i++) {
            double a = anomalyScores[i];
            if (!(a >= 0 && a <= 1)) {
                throw new IllegalArgumentException(name + ": anomaly score at row " + i + " is " + a
                        + ", expected a number in [0, 1]");
            }
        }
        long[] starts = new long[windows.size()];
        long[] ends = new long[windows.size()];
        for (int w = 0; w < starts.length; w++) {
            starts[w] = windows.get(w).start();
            ends[w] = windows.get(w).end();
            requireRow(name, timestamps, starts[w], windows.get(w).startText(), "start");
            requireRow(name, timestamps, ends[w], windows.get(w).startText(), "end");
        }
        double[] unweighted = new double[n];
        int[] windowId = new int[n];
        boolean[] inWindow = new boolean[n];
        Sweeper.sweepFile(timestamps, starts, ends, probationPercent, unweighted, windowId, inWindow);
        return new FileSweep(name, anomalyScores.clone(), unweighted, windowId, inWindow, windows.size());
    }

    private static void requireRow(String name, long[] timestamps, long t, String window, String which) {
        for (long x : timestamps) {
            if (x == t) {
                return;
            }
        }
        throw new IllegalArgumentException(name + ": the " + which + " of the window starting " + window
                + " is not a timestamp of the file");
    }

    /** NAB's score of one file at a threshold (the row of {@code <detector>_<profile>_scores.csv}). */
    public ThresholdScore score(FileSweep file, CostMatrix costs, double threshold) {
        return toScore(Sweeper.rowAt(sweepRows(List.of(file), costs), threshold));
    }

    /** NAB's score of a corpus at a threshold: the sum over files of {@link #score}. */
    public ThresholdScore scoreCorpus(List<FileSweep> files, CostMatrix costs, double threshold) {
        double s = 0;
        int tp = 0;
        int tn = 0;
        int fp = 0;
        int fn = 0;
        for (FileSweep f : files) {
            ThresholdScore r = score(f, costs, threshold);
            s += r.score();
            tp += r.tp();
            tn += r.tn();
            fp += r.fp();
            fn += r.fn();
        }
        return new ThresholdScore(threshold, s, tp, tn, fp, fn);
    }

    /** Every sweep row of a corpus: one per distinct anomaly score, from threshold 1.1 (no detection) down. */
    public List<ThresholdScore> scoresByThreshold(List<FileSweep> files, CostMatrix costs) {
        List<ThresholdScore> out = new ArrayList<>();
        for (Sweeper.Row r : sweepRows(files, costs)) {
            out.add(toScore(r));
        }
        return out;
    }

    /**
     * NAB's threshold optimisation over a corpus: the threshold with the highest corpus score (the highest such
     * threshold on ties).
     */
    public ThresholdScore optimize(List<FileSweep> files, CostMatrix costs) {
        return toScore(Sweeper.best(sweepRows(files, costs)));
    }

    /** The corpus score of NAB's perfect detector: window count × {@code tpWeight}. */
    public static double perfectScore(int windowCount, CostMatrix costs) {
        return windowCount * costs.tpWeight();
    }

    /** NAB's normalised score {@code 100·(raw − null)/(perfect − null)}. */
    public static double normalize(double raw, double nullScore, double perfectScore) {
        if (!(perfectScore > nullScore)) {
            throw new IllegalArgumentException("perfect score " + perfectScore + " must exceed null score "
                    + nullScore + " (a corpus without windows cannot be normalised)");
        }
        return 100 * (raw - nullScore) / (perfectScore - nullScore);
    }

    /**
     * The optimised corpus score of NAB's null detector (constant {@link #NULL_DETECTOR_SCORE}) on the files of the
     * given sweeps.
     */
    public ThresholdScore nullScore(List<FileSweep> files, CostMatrix costs) {
        List<FileSweep> nulls = new ArrayList<>(files.size());
        for (FileSweep f : files) {
            double[] a = new double[f.anomaly.length];
            java.util.Arrays.fill(a, NULL_DETECTOR_SCORE);
            nulls.add(new FileSweep(f.name, a, f.unweighted, f.windowId, f.inWindow, f.windowCount));
        }
        return optimize(nulls, costs);
    }

    private static List<Sweeper.Row> sweepRows(List<FileSweep> files, CostMatrix costs) {
        int total = 0;
        for (FileSweep f : files) {
            total += f.anomaly.length;
        }
        double[] anomaly = new double[total];
        double[] unweighted = new double[total];
        int[] windowId = new int[total];
        int off = 0;
        int windowOff = 0;
        for (FileSweep f : files) {
            int n = f.anomaly.length;
            System.arraycopy(f.anomaly, 0, anomaly, off, n);
            System.arraycopy(f.unweighted, 0, unweighted, off, n);
            for (int i = 0; i < n; i++) {
                int w = f.windowId[i];
                windowId[off + i] = w >= 0 ? w + windowOff : w;
            }
            off += n;
            windowOff += f.windowCount;
        }
        return Sweeper.scoreByThreshold(anomaly, unweighted, windowId, windowOff, costs.tpWeight(),
                costs.fpWeight(), costs.fnWeight());
    }

    private static ThresholdScore toScore(Sweeper.Row r) {
        return new ThresholdScore(r.threshold(), r.score(), r.tp(), r.tn(), r.fp(), r.fn());
    }
}
