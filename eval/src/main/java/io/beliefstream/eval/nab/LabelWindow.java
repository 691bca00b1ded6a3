package io.beliefstream.eval.nab;

import java.util.Objects;

/**
 * One labelled anomaly window of a NAB file, inclusive at both ends, as in NAB's {@code combined_windows.json}.
 *
 * @param start first timestamp in the window (epoch milliseconds, see {@link io.beliefstream.eval.Series})
 * @param end last timestamp in the window, not before {@code start}
 * @param startText {@code start} as written in the label file
 */
public record LabelWindow(long start, long end, String startText) {
    public LabelWindow {
        Objects.requireNonNull(startText, "startText");
        if (end < start) {
            throw new IllegalArgumentException("window end must not precede start: " + startText);
        }
    }

    /** Whether a timestamp lies in the window. */
    public boolean contains(long t) {
        return t >= start && t <= end;
    }
}
