package io.beliefstream.eval.nab;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes NAB-format result files: {@code <outDir>/<detector>/<category>/<detector>_<file>.csv}. */
public final class NabResultFiles {
    /** The columns written, as NAB's result files start. */
    public static final String HEADER = "timestamp,value,anomaly_score,label";

    private NabResultFiles() {
    }

    /** The path of a detector's result file for a series. */
    public static Path path(Path outDir, String detector, Series s) {
        Path dir = outDir.resolve(detector);
        if (!s.category().isEmpty()) {
            dir = dir.resolve(s.category());
        }
        return dir.resolve(detector + "_" + s.fileName());
    }

    /** Writes one result file (columns {@value #HEADER}); scores are written so they read back exactly. */
    public static Path write(Path outDir, String detector, Series s, double[] anomalyScores, int[] labels) {
        Path p = path(outDir, detector, s);
        try {
            Files.createDirectories(p.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
                w.write(HEADER);
                w.newLine();
                String[] ts = s.timestampText();
                double[] v = s.values();
                for (int i = 0; i < v.length; i++) {
                    w.write(ts[i]);
                    w.write(',');
                    w.write(formatValue(v[i]));
                    w.write(',');
                    w.write(Double.toString(anomalyScores[i]));
                    w.write(',');
                    w.write(Integer.toString(labels[i]));
                    w.newLine();
                }
            }
        } catch (IOException e) {
            throw new EvalException("cannot write " + p + ": " + e.getMessage(), e);
        }
        return p;
    }

    static String formatValue(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return Double.toString(v);
        }
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
