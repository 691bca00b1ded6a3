package io.beliefstream.eval.detect;

/**
 * A streaming anomaly detector for one series: it sees one observation at a time, in order, and must score each
 * before it sees the next. One instance per series (see {@link DetectorFactory#create}); not thread-safe.
 */
public interface AnomalyDetector {

    /**
     * Scores an observation and absorbs it.
     *
     * @param timestampMillis the observation's timestamp (epoch milliseconds)
     * @param value the observation
     * @return the anomaly score of this observation, in [0, 1], higher meaning more anomalous
     */
    double score(long timestampMillis, double value);
}
