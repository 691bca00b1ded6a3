package io.beliefstream.models.vqvae.internal;

import io.beliefstream.models.ModelException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A minimal CSV reader for training series: a header line, comma-separated columns, one value column (by name,
 * case-insensitive; {@code "value"} by default; if absent and the file has exactly two columns, the second).
 * Blank lines are skipped; a value that is not a number fails with the file and line. Quoting is not supported.
 * (Temporary: to be unified with the shared data package.)
 */
public final class CsvSeries {
    private CsvSeries() {}

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
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null) {
                throw new ModelException(file + " is empty");
            }
            String[] cols = header.split(",", -1);
            int col = -1;
            for (int i = 0; i < cols.length; i++) {
                if (cols[i].trim().replace("\"", "").equalsIgnoreCase(valueColumn)) {
                    col = i;
                }
            }
            if (col < 0 && cols.length == 2) {
                col = 1;
            }
            if (col < 0) {
                throw new ModelException(file + " has no column '" + valueColumn + "' in header: " + header);
            }
            float[] values = new float[1024];
            int n = 0;
            int lineNo = 1;
            for (String line; (line = r.readLine()) != null;) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length <= col) {
                    throw new ModelException(file + ":" + lineNo + " has " + f.length + " columns, need " + (col + 1));
                }
                float v;
                try {
                    v = Float.parseFloat(f[col].trim());
                } catch (NumberFormatException e) {
                    throw new ModelException(file + ":" + lineNo + ": '" + f[col] + "' is not a number", e);
                }
                if (n == values.length) {
                    values = java.util.Arrays.copyOf(values, n * 2);
                }
                values[n++] = v;
            }
            return java.util.Arrays.copyOf(values, n);
        }
    }
}
