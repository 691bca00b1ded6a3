package io.beliefstream.eval.nab;

/**
 * One file prepared for NAB scoring by {@link NabScorer#sweep}: its anomaly scores with each row's unweighted
 * sigmoid score and window membership. Independent of the profile, so one sweep serves all profiles.
 */
public final class FileSweep {
    final String name;
    final double[] anomaly;
    final double[] unweighted;
    final int[] windowId;
    final boolean[] inWindow;
    final int windowCount;

    FileSweep(String name, double[] anomaly, double[] unweighted, int[] windowId, boolean[] inWindow,
            int windowCount) {
        this.name = name;
        this.anomaly = anomaly;
        this.unweighted = unweighted;
        this.windowId = windowId;
        this.inWindow = inWindow;
        this.windowCount = windowCount;
    }

    /** The file's name ({@code <category>/<file>.csv}). */
    public String name() {
        return name;
    }

    /** Rows in the file. */
    public int rows() {
        return anomaly.length;
    }

    /** Labelled windows in the file. */
    public int windowCount() {
        return windowCount;
    }
}
