package io.beliefstream.eval.detect;

import io.beliefstream.eval.Series;
import java.util.Objects;

/**
 * What a detector may know about a series before streaming it, as NAB gives its detectors: the name, the length
 * and the probationary period (rows not scored, where a detector may learn). NAB also hands its detectors the
 * series' minimum and maximum (its HTM detector sizes its encoder from them); they are here for NAB's own detectors
 * and must not be used by a detector that claims to be streaming.
 *
 * @param name series name ({@code <category>/<file>.csv} in NAB)
 * @param length number of rows
 * @param probationaryRows rows at the start that are not scored
 * @param min smallest value in the series
 * @param max largest value in the series
 */
public record SeriesInfo(String name, int length, int probationaryRows, double min, double max) {
    public SeriesInfo {
        Objects.requireNonNull(name, "name");
        if (length < 1) {
            throw new IllegalArgumentException("length must be at least 1, got " + length);
        }
        if (probationaryRows < 0 || probationaryRows > length) {
            throw new IllegalArgumentException("probationaryRows must be in [0, length], got " + probationaryRows);
        }
        if (min > max) {
            throw new IllegalArgumentException("min must not exceed max: " + min + " > " + max);
        }
    }

    /** The info of a series with the given number of probationary rows. */
    public static SeriesInfo of(Series s, int probationaryRows) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : s.values()) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new SeriesInfo(s.name(), s.length(), probationaryRows, min, max);
    }
}
