package io.beliefstream.eval.internal;

import io.beliefstream.eval.EvalException;
import io.beliefstream.models.data.CsvRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of a CSV file with a header row (NAB, ETT and the published NAB results), read with the project's one CSV
 * reader ({@link CsvRows}). Every row must have as many fields as the header; anything else is rejected with the file
 * and line named.
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
        List<CsvRows.Row> records;
        try {
            records = CsvRows.read(file, ',');
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (records.isEmpty()) {
            throw new EvalException(file + ": empty file, expected a header row");
        }
        String[] header = records.get(0).fields();
        List<String[]> rows = new ArrayList<>(records.size() - 1);
        for (CsvRows.Row r : records.subList(1, records.size())) {
            if (r.fields().length != header.length) {
                throw new EvalException(file + ":" + r.line() + ": " + r.fields().length + " fields, header has "
                        + header.length);
            }
            rows.add(r.fields());
        }
        return new Csv(file, header, rows);
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
