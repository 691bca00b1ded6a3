package io.beliefstream.eval.internal;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import java.util.List;

/** The contract every detector's output must meet before it is scored: one score in [0, 1] per row of every series. */
public final class ScoreCheck {
    private ScoreCheck() {
    }

    /**
     * @throws EvalException naming the detector, series and row (0-based) when a series is missing, has the wrong
     *     number of scores, or a score is outside [0, 1] or NaN
     */
    public static void requireValid(String detector, List<Series> corpus, double[][] scores) {
        if (scores.length != corpus.size()) {
            throw new EvalException(detector + ": scored " + scores.length + " series of " + corpus.size());
        }
        for (int s = 0; s < scores.length; s++) {
            Series x = corpus.get(s);
            if (scores[s] == null || scores[s].length != x.length()) {
                throw new EvalException(detector + ": wrong number of scores for " + x.name());
            }
            for (int i = 0; i < scores[s].length; i++) {
                double a = scores[s][i];
                if (!(a >= 0 && a <= 1)) {
                    throw new EvalException(detector + ": anomaly score " + a + " at row " + i + " of " + x.name()
                            + " is not in [0, 1]");
                }
            }
        }
    }
}
