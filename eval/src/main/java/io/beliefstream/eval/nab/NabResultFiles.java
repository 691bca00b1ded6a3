package io.beliefstream.eval.nab;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import java.io.BufferedWriter;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes NAB-format result files, {@code <outDir>/<detector>/<category>/<detector>_<file>.csv}, and NAB's score
 * tables, {@code <outDir>/<detector>/<detector>_<profile>_scores.csv}.
 */
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

    /**
     * Writes NAB's per-profile score table {@code <outDir>/<detector>/<detector>_<profile>_scores.csv} (columns
     * Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count, then a Totals row), as NAB's scorer does.
     * Total_Count is the file's row count, as in NAB's published tables.
     *
     * @param files per file name: its score at the threshold
     * @param rows per file name: its row count
     */
    public static Path writeScores(Path outDir, String detector, String profile, double threshold,
            java.util.Map<String, ThresholdScore> files, java.util.Map<String, Integer> rows) {
        Path p = outDir.resolve(detector).resolve(detector + "_" + profile + "_scores.csv");
        try {
            Files.createDirectories(p.getParent());
            try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
                w.write("Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count");
                w.newLine();
                double score = 0;
                long tp = 0;
                long tn = 0;
                long fp = 0;
                long fn = 0;
                long total = 0;
                for (java.util.Map.Entry<String, ThresholdScore> e : files.entrySet()) {
                    ThresholdScore s = e.getValue();
                    int n = rows.get(e.getKey());
                    w.write(String.join(",", detector, profile, e.getKey(), Double.toString(threshold),
                            Double.toString(s.score()), Integer.toString(s.tp()), Integer.toString(s.tn()),
                            Integer.toString(s.fp()), Integer.toString(s.fn()), Integer.toString(n)));
                    w.newLine();
                    score += s.score();
                    tp += s.tp();
                    tn += s.tn();
                    fp += s.fp();
                    fn += s.fn();
                    total += n;
                }
                w.write(String.join(",", "Totals", "", "", "", Double.toString(score), Long.toString(tp),
                        Long.toString(tn), Long.toString(fp), Long.toString(fn), Long.toString(total)));
                w.newLine();
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
