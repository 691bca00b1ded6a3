package io.beliefstream.eval.ucr;

import java.util.Objects;

/**
 * One row of the archive's {@code labels.csv}. Positions are 1-based, as in the file names: position {@code p} is
 * line {@code p} of the data file (the {@code p}-th value), so points {@code 1 … trainEnd} are the anomaly-free
 * training part and the anomaly covers positions {@code anomalyStart … anomalyEnd}. (Checked on the data: in
 * {@code 248_UCR_Anomaly_weallwalk_2000_4702_4707} the injected constant −1.9 fills exactly the 1-based positions
 * 4702–4707; in {@code 114_UCR_Anomaly_CIMIS44AirTemperature2_4000_5703_5727} the injected values, the only ones
 * with more than one decimal, fill 1-based 5704–5726, one inside each end of the label.)
 *
 * @param file data file name ({@code NNN_UCR_Anomaly_<name>_<trainEnd>_<start>_<end>.txt})
 * @param points number of values in the file
 * @param trainEnd last position of the anomaly-free training part
 * @param anomalyStart first position of the anomaly
 * @param anomalyEnd last position of the anomaly
 * @param dupGroup series of one group are variants of one recording
 * @param singleLine whether the file holds all values on one line, space-separated
 */
public record UcrLabel(String file, int points, int trainEnd, int anomalyStart, int anomalyEnd, int dupGroup,
        boolean singleLine) {
    /** The archive's tolerance around the anomaly, in points on each side. */
    public static final int TOLERANCE = 100;

    public UcrLabel {
        Objects.requireNonNull(file, "file");
        if (points < 2) {
            throw new IllegalArgumentException(file + ": points must be at least 2, got " + points);
        }
        if (trainEnd < 1 || trainEnd >= points) {
            throw new IllegalArgumentException(file + ": trainEnd must be in [1, points), got " + trainEnd);
        }
        if (anomalyStart <= trainEnd || anomalyEnd < anomalyStart || anomalyEnd > points) {
            throw new IllegalArgumentException(file + ": the anomaly [" + anomalyStart + ", " + anomalyEnd
                    + "] must lie after trainEnd " + trainEnd + " and within " + points + " points");
        }
    }

    /** The series' name in reports: the file name without {@code .txt}. */
    public String name() {
        return file.endsWith(".txt") ? file.substring(0, file.length() - 4) : file;
    }

    /** Whether a 1-based position lies within [anomalyStart − 100, anomalyEnd + 100]. */
    public boolean solvedBy(int position) {
        return position >= anomalyStart - TOLERANCE && position <= anomalyEnd + TOLERANCE;
    }
}
