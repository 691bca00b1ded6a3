package io.beliefstream.eval.internal;

import io.beliefstream.eval.EvalException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A minimal reader for the plain comma-separated files of NAB and ETT (no quoting, a header row). Anything
 * else is rejected with the file and line named.
 */
public final class Csv {
    private final Path file;
    private final String[] header;
    private final List<String[]> rows;

    private Csv(Path file, String[] header, List<String[]> rows) {
        this.file = file;
        this.header = header;
        this.rows = rows;
    }

    /** Reads the whole file; every row must have as many fields as the header. */
    public static Csv read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String first = in.readLine();
            if (first == null) {
                throw new EvalException(file + ": empty file, expected a header row");
            }
            if (!first.isEmpty() && first.charAt(0) == '\uFEFF') {
                first = first.substring(1);
            }
            String[] header = split(first);
            List<String[]> rows = new ArrayList<>();
            String line;
            int lineNo = 1;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] fields = split(line);
                if (fields.length != header.length) {
                    throw new EvalException(file + ":" + lineNo + ": " + fields.length + " fields, header has "
                            + header.length);
                }
                rows.add(fields);
            }
            return new Csv(file, header, rows);
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static String[] split(String line) {
        String[] f = line.split(",", -1);
        for (int i = 0; i < f.length; i++) {
            f[i] = f[i].trim();
        }
        return f;
    }

    public Path file() {
        return file;
    }

    public int rowCount() {
        return rows.size();
    }

    /** Index of a header column. */
    public int column(String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].equals(name)) {
                return i;
            }
        }
        throw new EvalException(file + ": no column '" + name + "' (columns: " + String.join(",", header) + ")");
    }

    public String[] header() {
        return header.clone();
    }

    /** The text of one column, row by row. */
    public String[] text(int column) {
        String[] out = new String[rows.size()];
        for (int r = 0; r < out.length; r++) {
            out[r] = rows.get(r)[column];
        }
        return out;
    }

    /** One column parsed as numbers; a non-number is an error naming file, row and column. */
    public double[] numbers(int column) {
        double[] out = new double[rows.size()];
        for (int r = 0; r < out.length; r++) {
            String s = rows.get(r)[column];
            try {
                out[r] = Double.parseDouble(s);
            } catch (NumberFormatException e) {
                throw new EvalException(file + ": row " + (r + 2) + ", column '" + header[column] + "': '" + s
                        + "' is not a number");
            }
        }
        return out;
    }

    /** One column parsed as timestamps (epoch milliseconds, see {@link Timestamps}). */
    public long[] timestamps(int column) {
        long[] out = new long[rows.size()];
        for (int r = 0; r < out.length; r++) {
            try {
                out[r] = Timestamps.parseMillis(rows.get(r)[column]);
            } catch (IllegalArgumentException e) {
                throw new EvalException(file + ": row " + (r + 2) + ": " + e.getMessage());
            }
        }
        return out;
    }
}
