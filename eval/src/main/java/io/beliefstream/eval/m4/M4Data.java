package io.beliefstream.eval.m4;

import io.beliefstream.eval.EvalException;
import io.beliefstream.models.data.CsvRows;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The M4 competition's CSV files ({@code Hourly-train.csv}, {@code Hourly-test.csv}): a header row
 * ({@code "V1","V2",…}), then one series per row, its id first ({@code "H1"}), then its values, the row padded with
 * empty fields to the longest series.
 */
public final class M4Data {
    private M4Data() {
    }

    /** One series: its id and values in time order. */
    public record Series(String id, double[] values) {
    }

    /** Reads every series of the file (with {@link CsvRows}, the project's CSV reader). */
    public static List<Series> read(Path file) {
        List<Series> out = new ArrayList<>();
        List<CsvRows.Row> rows;
        try {
            rows = CsvRows.read(file, ',');
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        for (CsvRows.Row r : rows.subList(Math.min(1, rows.size()), rows.size())) { // the first row is the header
            String[] row = r.fields();
            int line = r.line();
            int n = row.length;
            while (n > 1 && row[n - 1].isEmpty()) {
                n--;
            }
            double[] v = new double[n - 1];
            for (int i = 1; i < n; i++) {
                try {
                    v[i - 1] = Double.parseDouble(row[i]);
                } catch (NumberFormatException e) {
                    throw new EvalException(file + ":" + line + ": value " + i + " of " + row[0] + " is '"
                            + row[i] + "', not a number");
                }
                if (!Double.isFinite(v[i - 1])) {
                    throw new EvalException(file + ":" + line + ": value " + i + " of " + row[0]
                            + " is not finite");
                }
            }
            out.add(new Series(row[0], v));
        }
        if (out.isEmpty()) {
            throw new EvalException(file + ": no series");
        }
        return out;
    }
}
