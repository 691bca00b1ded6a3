package io.beliefstream.eval.nab;

import io.beliefstream.eval.detect.DetectorFactory;
import io.beliefstream.eval.detect.RandomCutForestDetector;
import io.beliefstream.eval.detect.WindowedGaussianDetector;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Options of {@code beliefstream evaluate nab}.
 *
 * @param dataDir NAB-layout data directory ({@code <category>/<file>.csv})
 * @param labelsFile NAB's {@code combined_windows.json}
 * @param outDir where NAB-format results go: {@code <outDir>/<detector>/<category>/<detector>_<file>.csv}
 * @param jsonFile where the scores go (JSON)
 * @param reportDir where the Markdown report with plots goes, or {@code null} for no report
 * @param detectors detectors to run, in report order; names unique
 * @param profiles scoring profiles (default {@link Profile#NAB_PROFILES})
 * @param probationPercent NAB's probationary share of each file (default
 *     {@link NabScorer#DEFAULT_PROBATION_PERCENT})
 */
public record NabEvaluationOptions(Path dataDir, Path labelsFile, Path outDir, Path jsonFile, Path reportDir,
        List<DetectorFactory> detectors, List<Profile> profiles, double probationPercent) {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    public NabEvaluationOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(labelsFile, "labelsFile");
        Objects.requireNonNull(outDir, "outDir");
        Objects.requireNonNull(jsonFile, "jsonFile");
        Objects.requireNonNull(detectors, "detectors");
        Objects.requireNonNull(profiles, "profiles");
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("detectors must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (DetectorFactory d : detectors) {
            if (!NAME.matcher(d.name()).matches()) {
                throw new IllegalArgumentException("detectors: name '" + d.name()
                        + "' must use only letters, digits, '-' and '_'");
            }
            if (!names.add(d.name())) {
                throw new IllegalArgumentException("detectors: name '" + d.name() + "' appears twice");
            }
        }
        if (profiles.isEmpty()) {
            throw new IllegalArgumentException("profiles must not be empty");
        }
        if (!(probationPercent >= 0 && probationPercent < 1)) {
            throw new IllegalArgumentException("probationPercent must be in [0, 1), got " + probationPercent);
        }
        detectors = List.copyOf(detectors);
        profiles = List.copyOf(profiles);
    }

    /** Options with NAB's profiles and probationary share. */
    public static NabEvaluationOptions of(Path dataDir, Path labelsFile, Path outDir, Path jsonFile, Path reportDir,
            List<DetectorFactory> detectors) {
        return new NabEvaluationOptions(dataDir, labelsFile, outDir, jsonFile, reportDir, detectors,
                Profile.NAB_PROFILES, NabScorer.DEFAULT_PROBATION_PERCENT);
    }

    /** The peers always reported beside BeliefStream: NAB's windowed Gaussian and Random Cut Forest. */
    public static List<DetectorFactory> peers() {
        return List.of(WindowedGaussianDetector.factory(), RandomCutForestDetector.factory());
    }
}
