package io.beliefstream.eval.nab;

import java.util.List;

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

    /**
     * NAB's per-row score contribution {@code S(t)} under a profile (the {@code S(t)_<profile>} column of NAB's
     * result files): the weighted sigmoid a detection at that row would earn, 0 in the probationary period.
     */
    public double[] rowScores(CostMatrix costs) {
        double maxTp = io.beliefstream.eval.nab.internal.Sweeper.scaledSigmoid(-1.0);
        double[] out = new double[anomaly.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = inWindow[i] ? unweighted[i] * costs.tpWeight() / maxTp : unweighted[i] * costs.fpWeight();
        }
        return out;
    }

    static int totalWindows(List<FileSweep> files) {
        int n = 0;
        for (FileSweep f : files) {
            n += f.windowCount;
        }
        return n;
    }
}
