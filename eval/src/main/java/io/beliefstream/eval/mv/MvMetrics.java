package io.beliefstream.eval.mv;

import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

/**
 * Metrics of a multivariate detection run, without point adjustment.
 *
 * <p><b>Events.</b> An event is a maximal run of labelled rows of one stream. At threshold {@code θ} a row alerts
 * when its score is {@code ≥ θ}. An event is found when at least one of its rows alerts; a false alarm is a maximal
 * run of consecutive alerting rows that are all unlabelled (an alert run that crosses an event therefore leaves
 * one false alarm on each side it overhangs). Precision = found / (found + false alarms), recall = found / events,
 * F1 their harmonic mean (0 when both are 0). Counts add over the streams of a corpus before the ratios are taken.
 *
 * <p><b>Average precision</b> over rows (AUC-PR as scikit-learn's {@code average_precision_score}):
 * {@code AP = Σ_k (R_k − R_{k−1}) P_k} over the distinct score values taken as thresholds, highest first, with
 * {@code P_k, R_k} the row-wise precision and recall at the k-th threshold; tied rows enter together.
 *
 * <p><b>HitRate@P%</b> (Su et al., KDD 2019, OmniAnomaly §4.5): for a labelled row with ground-truth blamed
 * dimensions {@code G}, {@code Hit@⌊P%·|G|⌋ / |G|}, where the hit counts the members of G among the
 * {@code ⌊P%·|G|⌋} dimensions the detector ranks highest at that row (ties broken by lower index). The corpus
 * figure is its mean over every row of every interpretation range, whether or not the detector alerted there, so
 * it is independent of the threshold.
 */
public final class MvMetrics {
    private MvMetrics() {
    }

    /** The events of a label sequence, each as {@code {start, endExclusive}}. */
    public static int[][] events(boolean[] labels) {
        int n = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] && (i == 0 || !labels[i - 1])) {
                n++;
            }
        }
        int[][] out = new int[n][];
        int k = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] && (i == 0 || !labels[i - 1])) {
                int j = i;
                while (j < labels.length && labels[j]) {
                    j++;
                }
                out[k++] = new int[] {i, j};
            }
        }
        return out;
    }

    /**
     * Event counts of one or more streams.
     *
     * @param found events with at least one alert inside
     * @param events events in all
     * @param falseAlarms maximal runs of alerting unlabelled rows
     */
    public record EventCounts(long found, long events, long falseAlarms) {
        /** found / (found + false alarms); 0 when nothing alerted. */
        public double precision() {
            return found + falseAlarms == 0 ? 0 : (double) found / (found + falseAlarms);
        }

        /** found / events; 0 without events. */
        public double recall() {
            return events == 0 ? 0 : (double) found / events;
        }

        /** Harmonic mean of precision and recall; 0 when both are 0. */
        public double f1() {
            double p = precision();
            double r = recall();
            return p + r == 0 ? 0 : 2 * p * r / (p + r);
        }

        EventCounts plus(EventCounts o) {
            return new EventCounts(found + o.found, events + o.events, falseAlarms + o.falseAlarms);
        }
    }

    /** Event counts of one stream at threshold {@code θ} (a row alerts when its score is {@code ≥ θ}). */
    public static EventCounts eventCounts(boolean[] labels, double[] scores, double threshold) {
        if (labels.length != scores.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + scores.length + " scores");
        }
        long found = 0;
        long events = 0;
        long falseAlarms = 0;
        boolean inEventFound = false;
        for (int i = 0; i < labels.length; i++) {
            boolean alert = scores[i] >= threshold;
            if (labels[i]) {
                if (i == 0 || !labels[i - 1]) {
                    events++;
                    inEventFound = false;
                }
                if (alert && !inEventFound) {
                    found++;
                    inEventFound = true;
                }
            } else if (alert && (i == 0 || labels[i - 1] || scores[i - 1] < threshold)) {
                falseAlarms++;
            }
        }
        return new EventCounts(found, events, falseAlarms);
    }

    /** Corpus counts: the sum over streams. */
    public static EventCounts eventCounts(List<boolean[]> labels, List<double[]> scores, double threshold) {
        EventCounts sum = new EventCounts(0, 0, 0);
        for (int s = 0; s < labels.size(); s++) {
            sum = sum.plus(eventCounts(labels.get(s), scores.get(s), threshold));
        }
        return sum;
    }

    /**
     * The corpus-wide threshold of best event F1 and its counts.
     *
     * @param threshold the threshold
     * @param counts event counts there
     */
    public record Best(double threshold, EventCounts counts) {
    }

    /**
     * Searches one threshold for all streams of a corpus (as NAB optimises per corpus) that maximises event F1.
     * Candidates: the distinct scores at {@code grid + 1} evenly spaced ranks of the pooled scores (a quantile
     * grid) together with the {@code grid} highest distinct scores, where few alerts decide the figure; ties in F1
     * go to the higher threshold.
     */
    public static Best bestThreshold(List<boolean[]> labels, List<double[]> scores, int grid) {
        int n = 0;
        for (double[] s : scores) {
            n += s.length;
        }
        double[] pooled = new double[n];
        int k = 0;
        for (double[] s : scores) {
            System.arraycopy(s, 0, pooled, k, s.length);
            k += s.length;
        }
        Arrays.sort(pooled);
        TreeSet<Double> candidates = new TreeSet<>();
        for (int i = 0; i <= grid; i++) {
            candidates.add(pooled[(int) Math.min(n - 1, Math.round((double) i * (n - 1) / grid))]);
        }
        for (int i = n - 1, distinct = 0; i >= 0 && distinct < grid; i--) {
            if (candidates.add(pooled[i])) {
                distinct++;
            }
        }
        Best best = null;
        for (double t : candidates.descendingSet()) {
            EventCounts c = eventCounts(labels, scores, t);
            if (best == null || c.f1() > best.counts().f1()) {
                best = new Best(t, c);
            }
        }
        return best;
    }

    /** Average precision of the rows of all streams pooled (see the class comment). */
    public static double averagePrecision(List<boolean[]> labels, List<double[]> scores) {
        int n = 0;
        for (double[] s : scores) {
            n += s.length;
        }
        double[] sc = new double[n];
        boolean[] lb = new boolean[n];
        int k = 0;
        for (int s = 0; s < scores.size(); s++) {
            System.arraycopy(scores.get(s), 0, sc, k, scores.get(s).length);
            System.arraycopy(labels.get(s), 0, lb, k, labels.get(s).length);
            k += scores.get(s).length;
        }
        Integer[] order = new Integer[n];
        long positives = 0;
        for (int i = 0; i < n; i++) {
            order[i] = i;
            positives += lb[i] ? 1 : 0;
        }
        if (positives == 0) {
            return Double.NaN;
        }
        Arrays.sort(order, (a, b) -> Double.compare(sc[b], sc[a]));
        double ap = 0;
        long tp = 0;
        int i = 0;
        while (i < n) {
            int j = i;
            long tpBefore = tp;
            while (j < n && sc[order[j]] == sc[order[i]]) {
                tp += lb[order[j]] ? 1 : 0;
                j++;
            }
            ap += (double) (tp - tpBefore) / positives * ((double) tp / j);
            i = j;
        }
        return ap;
    }

    /**
     * {@code Hit@⌊pct·|G|⌋ / |G|} of one row (see the class comment).
     *
     * @param perDim the detector's contribution per dimension at the row
     * @param blamed the ground-truth dimensions G, 0-based
     * @param pct P% as a fraction, e.g. 1.0 or 1.5
     */
    public static double hitRate(double[] perDim, int[] blamed, double pct) {
        int k = Math.min(perDim.length, (int) Math.floor(pct * blamed.length));
        Integer[] order = new Integer[perDim.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> perDim[b] != perDim[a] ? Double.compare(perDim[b], perDim[a]) : a - b);
        int hits = 0;
        for (int r = 0; r < k; r++) {
            for (int g : blamed) {
                if (g == order[r]) {
                    hits++;
                    break;
                }
            }
        }
        return (double) hits / blamed.length;
    }
}
