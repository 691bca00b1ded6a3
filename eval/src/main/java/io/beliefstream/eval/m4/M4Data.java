package io.beliefstream.eval.m4;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import io.beliefstream.eval.EvalException;
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

    /** Reads every series of the file. */
    public static List<Series> read(Path file) {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<Series> out = new ArrayList<>();
        try (MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(file.toFile())) {
            int line = 0;
            while (rows.hasNext()) {
                String[] row = rows.next();
                line++;
                if (line == 1 || row.length == 0 || (row.length == 1 && row[0].isBlank())) {
                    continue;
                }
                int n = row.length;
                while (n > 1 && row[n - 1].isBlank()) {
                    n--;
                }
                double[] v = new double[n - 1];
                for (int i = 1; i < n; i++) {
                    try {
                        v[i - 1] = Double.parseDouble(row[i].trim());
                    } catch (NumberFormatException e) {
                        throw new EvalException(file + ":" + line + ": value " + i + " of " + row[0] + " is '"
                                + row[i] + "', not a number");
                    }
                    if (!Double.isFinite(v[i - 1])) {
                        throw new EvalException(file + ":" + line + ": value " + i + " of " + row[0]
                                + " is not finite");
                    }
                }
                out.add(new Series(row[0].trim(), v));
            }
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new EvalException(file + ": no series");
        }
        return out;
    }
}
