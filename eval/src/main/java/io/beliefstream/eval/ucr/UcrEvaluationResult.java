package io.beliefstream.eval.ucr;

import java.util.List;
import java.util.Map;

/**
 * What {@code evaluate ucr} measured.
 *
 * @param series number of series
 * @param points number of points over all series
 * @param detectors per detector, in run order
 */
public record UcrEvaluationResult(int series, long points, List<DetectorResult> detectors) {
    public UcrEvaluationResult {
        detectors = List.copyOf(detectors);
    }

    /** The result of the detector of that name. */
    public DetectorResult detector(String name) {
        return detectors.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no detector " + name));
    }

    /**
     * One detector's figures.
     *
     * @param name detector name
     * @param seconds wall time of its scoring over all series
     * @param found per series name (in corpus order), the 1-based position of its highest score after the training
     *     part
     * @param solved per series name, whether that position lies within 100 points of the anomaly
     */
    public record DetectorResult(String name, double seconds, Map<String, Integer> found,
            Map<String, Boolean> solved) {
        /** Series solved. */
        public long solvedCount() {
            return solved.values().stream().filter(b -> b).count();
        }

        /** The fraction of series solved, the archive's figure. */
        public double accuracy() {
            return solved.isEmpty() ? 0 : (double) solvedCount() / solved.size();
        }
    }
}
