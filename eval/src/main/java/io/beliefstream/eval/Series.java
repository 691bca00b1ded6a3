package io.beliefstream.eval;

import java.util.Objects;

/**
 * One univariate time series as read from a file: its name (for NAB the relative path
 * {@code <category>/<file>.csv}), the timestamps as written in the file, the same timestamps as epoch milliseconds
 * (UTC, no zone in the files) and the values. Arrays are defensive copies; the accessors return the shared arrays
 * for speed, and callers must not modify them.
 */
public final class Series {
    private final String name;
    private final String[] timestampText;
    private final long[] timestamps;
    private final double[] values;

    public Series(String name, String[] timestampText, long[] timestamps, double[] values) {
        this.name = Objects.requireNonNull(name, "name");
        Objects.requireNonNull(timestampText, "timestampText");
        Objects.requireNonNull(timestamps, "timestamps");
        Objects.requireNonNull(values, "values");
        if (timestampText.length != values.length || timestamps.length != values.length) {
            throw new IllegalArgumentException("series " + name + ": timestampText, timestamps and values differ in length ("
                    + timestampText.length + ", " + timestamps.length + ", " + values.length + ")");
        }
        if (values.length == 0) {
            throw new IllegalArgumentException("series " + name + ": values must not be empty");
        }
        this.timestampText = timestampText.clone();
        this.timestamps = timestamps.clone();
        this.values = values.clone();
    }

    public String name() {
        return name;
    }

    /** Number of rows. */
    public int length() {
        return values.length;
    }

    /** Timestamps as written in the source file. Do not modify. */
    public String[] timestampText() {
        return timestampText;
    }

    /** Timestamps in epoch milliseconds (the file's local time read as UTC). Do not modify. */
    public long[] timestamps() {
        return timestamps;
    }

    /** Values. Do not modify. */
    public double[] values() {
        return values;
    }

    /** The category of a NAB relative path ({@code realKnownCause/nyc_taxi.csv} → {@code realKnownCause}). */
    public String category() {
        int slash = name.lastIndexOf('/');
        return slash < 0 ? "" : name.substring(0, slash);
    }

    /** The file name of a NAB relative path ({@code realKnownCause/nyc_taxi.csv} → {@code nyc_taxi.csv}). */
    public String fileName() {
        return name.substring(name.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return "Series[" + name + ", " + values.length + " rows]";
    }
}
