package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.data.CsvRows;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The scorers' training input: one value column of CSV files read with {@link CsvRows} (a header line, comma-separated
 * columns; the value column by name, case-insensitive, {@code "value"} by default; if absent and the file has exactly
 * two columns, the second). Blank lines are skipped; a value that is not a number fails with the file and line.
 */
public final class CsvSeries {
    private CsvSeries() {}

    /**
     * Checks the input options of a window scorer's training command ({@code train vqvae}, {@code train scorer}).
     *
     * @return an unmodifiable copy of {@code inputs}
     * @throws IllegalArgumentException naming the option that is missing or out of range
     */
    public static List<Path> checkTrainingInput(List<Path> inputs, Path output, String valueColumn, int stride) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException("inputs must name at least one CSV file or directory");
        }
        java.util.Objects.requireNonNull(output, "output");
        if (valueColumn == null || valueColumn.isBlank()) {
            throw new IllegalArgumentException("valueColumn must not be blank");
        }
        if (stride < 1) {
            throw new IllegalArgumentException("stride must be at least 1, got " + stride);
        }
        return List.copyOf(inputs);
    }

    /** The CSV files at {@code inputs}: files as given, directories walked for {@code *.csv} (sorted). */
    public static List<Path> expand(List<Path> inputs) throws IOException {
        List<Path> out = new ArrayList<>();
        for (Path p : inputs) {
            if (Files.isDirectory(p)) {
                try (Stream<Path> s = Files.walk(p)) {
                    s.filter(f -> Files.isRegularFile(f) && f.getFileName().toString().toLowerCase(Locale.ROOT)
                            .endsWith(".csv")).sorted().forEach(out::add);
                }
            } else if (Files.isRegularFile(p)) {
                out.add(p);
            } else {
                throw new ModelException("input " + p + " is neither a file nor a directory");
            }
        }
        return out;
    }

    /** The value column of one file. */
    public static float[] read(Path file, String valueColumn) throws IOException {
        List<CsvRows.Row> rows = CsvRows.read(file, ',');
        if (rows.isEmpty()) {
            throw new ModelException(file + " is empty");
        }
        String[] cols = rows.get(0).fields();
        int col = -1;
        for (int i = 0; i < cols.length; i++) {
            if (cols[i].equalsIgnoreCase(valueColumn)) {
                col = i;
            }
        }
        if (col < 0 && cols.length == 2) {
            col = 1;
        }
        if (col < 0) {
            throw new ModelException(file + " has no column '" + valueColumn + "' in header: " + String.join(",", cols));
        }
        float[] values = new float[rows.size() - 1];
        int n = 0;
        for (CsvRows.Row r : rows.subList(1, rows.size())) {
            String[] f = r.fields();
            if (f.length <= col) {
                throw new ModelException(file + ":" + r.line() + " has " + f.length + " columns, need " + (col + 1));
            }
            try {
                values[n++] = Float.parseFloat(f[col]);
            } catch (NumberFormatException e) {
                throw new ModelException(file + ":" + r.line() + ": '" + f[col] + "' is not a number", e);
            }
        }
        return values;
    }
}
