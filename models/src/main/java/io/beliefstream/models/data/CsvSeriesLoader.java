package io.beliefstream.models.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads CSV time series: one timestamp column and one or more value columns, one row per time step, in time order.
 * A directory stands for every {@code *.csv} file below it (sorted by path); each file is one sequence. Columns are
 * named by header name or by 0-based index. The first line is a header when any selected value field of it is not a
 * number. Read with {@link CsvRows} (quoted fields as RFC 4180); blank lines are skipped; any other malformed line is an {@link IllegalArgumentException} naming the file,
 * the line number and what is wrong.
 *
 * @param timestampColumn header name or 0-based index of the timestamp column
 * @param valueColumns header names or 0-based indices of the value columns (the input dimension)
 * @param delimiter field separator
 */
public record CsvSeriesLoader(String timestampColumn, List<String> valueColumns, char delimiter) {
    /** Default timestamp column (NAB's layout). */
    public static final String DEFAULT_TIMESTAMP_COLUMN = "timestamp";
    /** Default value column (NAB's layout). */
    public static final String DEFAULT_VALUE_COLUMN = "value";
    public static final char DEFAULT_DELIMITER = ',';

    /** One loaded sequence. */
    public record Series(String source, List<String> timestamps, float[][] values) {}

    public CsvSeriesLoader {
        if (timestampColumn == null || timestampColumn.isBlank()) {
            throw new IllegalArgumentException("timestampColumn must not be blank");
        }
        if (valueColumns == null || valueColumns.isEmpty()) {
            throw new IllegalArgumentException("valueColumns must name at least one column");
        }
        for (String v : valueColumns) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("valueColumns must not contain blank names");
            }
        }
        valueColumns = List.copyOf(valueColumns);
    }

    /** {@code timestamp,value} with a comma. */
    public static CsvSeriesLoader defaults() {
        return new CsvSeriesLoader(DEFAULT_TIMESTAMP_COLUMN, List.of(DEFAULT_VALUE_COLUMN), DEFAULT_DELIMITER);
    }

    /** Loads every file or directory given, in order. */
    public List<Series> load(List<Path> paths) throws IOException {
        List<Series> out = new ArrayList<>();
        for (Path p : paths) {
            out.addAll(load(p));
        }
        return out;
    }

    /** Loads a file, or every {@code *.csv} below a directory. */
    public List<Series> load(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            List<Path> files;
            try (Stream<Path> s = Files.walk(path)) {
                files = s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase()
                        .endsWith(".csv")).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new IllegalArgumentException("directory " + path + " holds no .csv files");
            }
            List<Series> out = new ArrayList<>();
            for (Path f : files) {
                out.add(loadFile(f));
            }
            return out;
        }
        if (!Files.isRegularFile(path)) {
            throw new IllegalArgumentException("no such file or directory: " + path);
        }
        return List.of(loadFile(path));
    }

    private Series loadFile(Path file) throws IOException {
        List<String> timestamps = new ArrayList<>();
        List<float[]> rows = new ArrayList<>();
        int tsIndex = -1;
        int[] valueIndex = null;
        for (CsvRows.Row record : CsvRows.read(file, delimiter)) {
            int lineNo = record.line();
            String[] f = record.fields();
            if (valueIndex == null) {
                if (isHeader(f)) {
                    tsIndex = resolve(timestampColumn, f, file, "timestamp");
                    valueIndex = new int[valueColumns.size()];
                    for (int i = 0; i < valueIndex.length; i++) {
                        valueIndex[i] = resolve(valueColumns.get(i), f, file, "value");
                    }
                    continue;
                }
                tsIndex = index(timestampColumn, file, "timestamp");
                valueIndex = new int[valueColumns.size()];
                for (int i = 0; i < valueIndex.length; i++) {
                    valueIndex[i] = index(valueColumns.get(i), file, "value");
                }
            }
            int need = Math.max(tsIndex, max(valueIndex)) + 1;
            if (f.length < need) {
                throw new IllegalArgumentException(file + " line " + lineNo + ": expected at least " + need
                        + " fields, found " + f.length);
            }
            float[] row = new float[valueIndex.length];
            for (int i = 0; i < valueIndex.length; i++) {
                String s = f[valueIndex[i]].trim();
                try {
                    row[i] = Float.parseFloat(s);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": value column '"
                            + valueColumns.get(i) + "' is not a number: '" + s + "'");
                }
                if (!Float.isFinite(row[i])) {
                    throw new IllegalArgumentException(file + " line " + lineNo + ": value column '"
                            + valueColumns.get(i) + "' is not finite: '" + s + "'");
                }
            }
            timestamps.add(f[tsIndex].trim());
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw new IllegalArgumentException(file + " holds no data rows");
        }
        return new Series(file.toString(), List.copyOf(timestamps), rows.toArray(new float[0][]));
    }

    private boolean isHeader(String[] f) {
        for (String v : valueColumns) {
            int i = isIndex(v) ? Integer.parseInt(v) : -1;
            if (i < 0) {
                return true; // named columns need a header
            }
            if (i < f.length) {
                try {
                    Float.parseFloat(f[i].trim());
                } catch (NumberFormatException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isIndex(String s) {
        return s.chars().allMatch(Character::isDigit);
    }

    private static int resolve(String column, String[] header, Path file, String role) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(column)) {
                return i;
            }
        }
        if (isIndex(column)) {
            return Integer.parseInt(column);
        }
        throw new IllegalArgumentException(file + " line 1: no " + role + " column '" + column + "' in header "
                + String.join(",", header));
    }

    private static int index(String column, Path file, String role) {
        if (isIndex(column)) {
            return Integer.parseInt(column);
        }
        throw new IllegalArgumentException(file + " line 1: " + role + " column '" + column
                + "' is a name but the file has no header");
    }

    private static int max(int[] a) {
        int m = 0;
        for (int v : a) {
            m = Math.max(m, v);
        }
        return m;
    }
}
