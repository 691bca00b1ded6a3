package io.beliefstream.eval.ucr;

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
 * Options of {@code beliefstream evaluate ucr}.
 *
 * @param dataDir the archive's directory ({@code labels.csv} and {@code data/})
 * @param jsonFile where the figures go (JSON)
 * @param outDir where each detector's per-point scores go ({@code <outDir>/<detector>/<series>.csv}), or
 *     {@code null} for none
 * @param detectors detectors to run, in report order; names unique
 * @param seriesPerChunk how many series are read and streamed at once (in lock-step by batched detectors); the
 *     memory held is that of one chunk
 * @param intervalMillis the clock given to the series, which have no timestamps: point {@code i} (0-based) is
 *     stamped {@code i · intervalMillis}
 */
public record UcrEvaluationOptions(Path dataDir, Path jsonFile, Path outDir, List<DetectorFactory> detectors,
        int seriesPerChunk, long intervalMillis) {
    /** Default series per chunk. */
    public static final int DEFAULT_SERIES_PER_CHUNK = 8;
    /** Default clock: one point a minute. */
    public static final long DEFAULT_INTERVAL_MILLIS = 60_000L;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");

    public UcrEvaluationOptions {
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(jsonFile, "jsonFile");
        Objects.requireNonNull(detectors, "detectors");
        if (detectors.isEmpty()) {
            throw new IllegalArgumentException("detectors must not be empty");
        }
        Set<String> names = new HashSet<>();
        for (DetectorFactory d : detectors) {
            if (!NAME.matcher(d.name()).matches() || !names.add(d.name())) {
                throw new IllegalArgumentException("detectors: name '" + d.name()
                        + "' must be unique and use only letters, digits, '-' and '_'");
            }
        }
        if (seriesPerChunk < 1) {
            throw new IllegalArgumentException("seriesPerChunk must be at least 1, got " + seriesPerChunk);
        }
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("intervalMillis must be at least 1, got " + intervalMillis);
        }
        detectors = List.copyOf(detectors);
    }

    /** Options with the default chunk and clock. */
    public static UcrEvaluationOptions of(Path dataDir, Path jsonFile, Path outDir, List<DetectorFactory> detectors) {
        return new UcrEvaluationOptions(dataDir, jsonFile, outDir, detectors, DEFAULT_SERIES_PER_CHUNK,
                DEFAULT_INTERVAL_MILLIS);
    }

    /** The peers reported beside BeliefStream: windowed Gaussian and Random Cut Forest, as in {@code evaluate nab}. */
    public static List<DetectorFactory> peers() {
        return List.of(WindowedGaussianDetector.factory(), RandomCutForestDetector.factory());
    }
}
