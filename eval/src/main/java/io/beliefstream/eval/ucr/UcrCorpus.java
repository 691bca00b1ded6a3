package io.beliefstream.eval.ucr;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Reads the archive's layout: {@code <dir>/labels.csv} ({@code file,n_points,train_end,anomaly_start,anomaly_end,
 * dup_group,single_line}, CRLF or LF) and {@code <dir>/data/<file>}, one value per line or, for {@code single_line}
 * files, all values on one line separated by white space. The files carry no timestamps; a series is given the
 * timestamps {@code i · interval} (0-based {@code i}, epoch milliseconds), a regular clock that says nothing of the
 * real sampling rate, which differs per series and is not in the archive.
 */
public final class UcrCorpus {
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final List<String> HEADER = List.of("file", "n_points", "train_end", "anomaly_start",
            "anomaly_end", "dup_group", "single_line");

    private UcrCorpus() {
    }

    /**
     * The labels, in the order of {@code labels.csv}.
     *
     * @throws EvalException if the file is missing, its header differs or a row is malformed
     */
    public static List<UcrLabel> readLabels(Path dir) {
        Path file = dir.resolve("labels.csv");
        if (!Files.isRegularFile(file)) {
            throw new EvalException("UCR labels " + file + " do not exist");
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) {
            throw new EvalException(file + ": empty, expected the header " + String.join(",", HEADER));
        }
        Map<String, Integer> col = columns(file, lines.get(0).strip());
        List<UcrLabel> out = new ArrayList<>(lines.size() - 1);
        for (int n = 1; n < lines.size(); n++) {
            String line = lines.get(n).strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != col.size()) {
                throw new EvalException(file + " line " + (n + 1) + ": " + f.length + " fields, expected "
                        + col.size());
            }
            try {
                out.add(new UcrLabel(f[col.get("file")].strip(), integer(f, col, "n_points"),
                        integer(f, col, "train_end"), integer(f, col, "anomaly_start"),
                        integer(f, col, "anomaly_end"), integer(f, col, "dup_group"),
                        integer(f, col, "single_line") != 0));
            } catch (IllegalArgumentException e) {
                throw new EvalException(file + " line " + (n + 1) + ": " + e.getMessage(), e);
            }
        }
        if (out.isEmpty()) {
            throw new EvalException(file + ": no series");
        }
        return out;
    }

    private static Map<String, Integer> columns(Path file, String header) {
        List<String> names = Arrays.stream(header.split(",", -1)).map(String::strip).toList();
        if (!names.containsAll(HEADER)) {
            throw new EvalException(file + ": header '" + header + "' lacks one of " + String.join(",", HEADER));
        }
        return names.stream().collect(Collectors.toMap(s -> s, names::indexOf, (a, b) -> a));
    }

    private static int integer(String[] f, Map<String, Integer> col, String name) {
        String s = f[col.get(name)].strip();
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + s + "' is not an integer", e);
        }
    }

    /**
     * One series, named {@link UcrLabel#name()}, stamped {@code i · intervalMillis}.
     *
     * @throws EvalException if the file is missing, holds a non-number or not {@code label.points()} values
     */
    public static Series read(Path dir, UcrLabel label, long intervalMillis) {
        if (intervalMillis < 1) {
            throw new IllegalArgumentException("intervalMillis must be at least 1, got " + intervalMillis);
        }
        Path file = dir.resolve("data").resolve(label.file());
        double[] values = new double[label.points()];
        int n = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                String s = line.strip();
                if (s.isEmpty()) {
                    continue;
                }
                for (String token : label.singleLine() ? SPACE.split(s) : new String[] {s}) {
                    if (n == values.length) {
                        throw new EvalException(file + ": more than the " + values.length + " values of labels.csv");
                    }
                    values[n++] = number(file, token, n);
                }
            }
        } catch (IOException e) {
            throw new EvalException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (n != values.length) {
            throw new EvalException(file + ": " + n + " values, labels.csv says " + values.length);
        }
        long[] t = new long[n];
        String[] text = new String[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * intervalMillis;
            text[i] = Integer.toString(i + 1);
        }
        return new Series(label.name(), text, t, values);
    }

    private static double number(Path file, String token, int position) {
        try {
            double v = Double.parseDouble(token);
            if (!Double.isFinite(v)) {
                throw new NumberFormatException("not finite");
            }
            return v;
        } catch (NumberFormatException e) {
            throw new EvalException(file + " value " + position + ": '" + token + "' is not a finite number", e);
        }
    }
}
