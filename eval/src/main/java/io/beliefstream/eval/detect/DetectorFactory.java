package io.beliefstream.eval.detect;

import io.beliefstream.eval.Series;
import java.util.List;

/**
 * Makes one {@link AnomalyDetector} per series, so state never leaks between series, and names the detector in
 * reports and result paths.
 *
 * <p>{@link #scoreAll} streams a whole corpus. Its default runs one detector per series, series after series. A
 * detector built on a batched serving kernel (one step advances many streams) overrides it to stream all series in
 * lock-step, series {@code b} being stream {@code b} of the batch, which is how the service runs many streams at
 * once; each series still sees only its own past.
 */
public interface DetectorFactory {

    /** Detector name: letters, digits, '-' and '_' only (used in result paths). */
    String name();

    /** A fresh detector for one series. */
    AnomalyDetector create(SeriesInfo info);

    /**
     * Anomaly scores of every row of every series, {@code [series][row]}, each in [0, 1].
     *
     * @param series the corpus, streamed row by row
     * @param probationaryRows per series, the rows at its start that will not be scored
     */
    default double[][] scoreAll(List<Series> series, int[] probationaryRows) {
        double[][] out = new double[series.size()][];
        for (int s = 0; s < out.length; s++) {
            Series x = series.get(s);
            AnomalyDetector d = create(SeriesInfo.of(x, probationaryRows[s]));
            long[] t = x.timestamps();
            double[] v = x.values();
            double[] scores = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                scores[i] = d.score(t[i], v[i]);
            }
            out[s] = scores;
        }
        return out;
    }
}
