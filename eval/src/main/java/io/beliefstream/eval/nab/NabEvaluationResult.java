package io.beliefstream.eval.nab;

import java.util.List;
import java.util.Map;

/**
 * What {@code evaluate nab} measured.
 *
 * @param files files in the corpus
 * @param rows rows in the corpus
 * @param windows labelled windows in the corpus
 * @param nullScores per profile, the raw corpus score of NAB's null detector (normalised 0)
 * @param perfectScores per profile, the raw corpus score of a perfect detector (normalised 100)
 * @param detectors one entry per detector, in run order
 */
public record NabEvaluationResult(int files, long rows, int windows, Map<String, Double> nullScores,
        Map<String, Double> perfectScores, List<DetectorResult> detectors) {

    /**
     * One detector's result.
     *
     * @param name detector name
     * @param seconds wall time spent streaming the corpus through the detector
     * @param profiles per profile name: threshold, raw and normalised corpus score
     * @param files per file ({@code <category>/<file>.csv}), per profile: NAB's score and counts at the
     *     profile's corpus-optimised threshold
     */
    public record DetectorResult(String name, double seconds, Map<String, ProfileScore> profiles,
            Map<String, Map<String, ThresholdScore>> files) {

        /** The normalised score under a profile. */
        public double score(String profile) {
            ProfileScore p = profiles.get(profile);
            if (p == null) {
                throw new IllegalArgumentException("no profile '" + profile + "' in " + profiles.keySet());
            }
            return p.normalized();
        }
    }

    /**
     * @param threshold corpus-optimised threshold
     * @param raw raw corpus score at that threshold
     * @param normalized {@code 100·(raw − null)/(perfect − null)}
     */
    public record ProfileScore(double threshold, double raw, double normalized) {
    }

    /** The result of the named detector. */
    public DetectorResult detector(String name) {
        return detectors.stream().filter(d -> d.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no detector '" + name + "'"));
    }
}
