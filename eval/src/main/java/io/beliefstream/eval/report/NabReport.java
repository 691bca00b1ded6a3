package io.beliefstream.eval.report;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.Series;
import io.beliefstream.eval.nab.LabelWindow;
import io.beliefstream.eval.nab.NabEvaluationResult;
import io.beliefstream.eval.nab.NabLabels;
import io.beliefstream.eval.nab.ThresholdScore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.knowm.xchart.XYChart;

/**
 * The {@code evaluate nab --report} output: {@code report.md} with the normalised scores of every detector under
 * every profile, the per-file standard scores, and one PNG per file ({@code plots/<category>__<file>.png}): the
 * series on top, every detector's anomaly score below, labelled windows shaded in both.
 */
public final class NabReport {
    /** Pixel width of each plot. */
    public static final int WIDTH = 1200;
    /** Pixel height of each of the two panels of a plot. */
    public static final int PANEL_HEIGHT = 300;
    /** Long series are down-sampled to at most this many points per line. */
    public static final int MAX_POINTS = 1500;

    private NabReport() {
    }

    /**
     * Writes the report.
     *
     * @param scores per detector name, the anomaly scores {@code [series][row]} in corpus order
     * @param probationaryRows per series, the rows NAB does not score (shaded grey)
     * @return the Markdown file
     */
    public static Path write(Path reportDir, List<Series> corpus, NabLabels labels, Map<String, double[][]> scores,
            int[] probationaryRows, NabEvaluationResult result) {
        Plots.headless();
        StringBuilder md = new StringBuilder();
        md.append("# NAB evaluation\n\n");
        md.append(String.format(Locale.ROOT, "%d files, %,d rows, %d labelled windows. Scores are NAB's normalised "
                + "scores (null detector 0, perfect 100), each profile's threshold optimised over this corpus.%n%n",
                result.files(), result.rows(), result.windows()));
        List<String> profiles = new ArrayList<>(result.nullScores().keySet());
        md.append("| detector |");
        profiles.forEach(p -> md.append(' ').append(p).append(" |"));
        md.append(" threshold (standard) | seconds |\n|---|");
        profiles.forEach(p -> md.append("---:|"));
        md.append("---:|---:|\n");
        for (NabEvaluationResult.DetectorResult d : result.detectors()) {
            md.append("| ").append(d.name()).append(" |");
            for (String p : profiles) {
                md.append(String.format(Locale.ROOT, " %.1f |", d.profiles().get(p).normalized()));
            }
            NabEvaluationResult.ProfileScore first = d.profiles().get(profiles.get(0));
            md.append(String.format(Locale.ROOT, " %.4f | %.1f |%n", first.threshold(), d.seconds()));
        }
        md.append("\n## Per file (").append(profiles.get(0)).append(" profile: raw score, TP/FP rows)\n\n| file |");
        result.detectors().forEach(d -> md.append(' ').append(d.name()).append(" |"));
        md.append("\n|---|");
        result.detectors().forEach(d -> md.append("---:|"));
        md.append('\n');
        for (Series s : corpus) {
            md.append("| ").append(s.name()).append(" |");
            for (NabEvaluationResult.DetectorResult d : result.detectors()) {
                ThresholdScore t = d.files().get(s.name()).get(profiles.get(0));
                md.append(String.format(Locale.ROOT, " %.2f (%d/%d) |", t.score(), t.tp(), t.fp()));
            }
            md.append('\n');
        }
        md.append("\n## Plots\n\nTop: the series. Bottom: anomaly scores, dashed at each detector's corpus-optimised "
                + "threshold of the first profile (rows at or above it are detections); grey: the probationary "
                + "period NAB does not score. Shaded red: NAB's labelled anomaly windows.\n\n");
        for (int s = 0; s < corpus.size(); s++) {
            Series x = corpus.get(s);
            String png = "plots/" + x.name().replace('/', '_').replace(".csv", "") + ".png";
            plotFile(reportDir.resolve(png), x, labels.windows(x.name()), scores, s, probationaryRows[s], result);
            md.append("### ").append(x.name()).append("\n\n![").append(x.name()).append("](").append(png)
                    .append(")\n\n");
        }
        Path out = reportDir.resolve("report.md");
        try {
            Files.createDirectories(reportDir);
            Files.writeString(out, md.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EvalException("cannot write " + out + ": " + e.getMessage(), e);
        }
        return out;
    }

    static void plotFile(Path png, Series x, List<LabelWindow> windows, Map<String, double[][]> scores, int index,
            int probationaryRows, NabEvaluationResult result) {
        int[] edges = Plots.buckets(x.length(), MAX_POINTS);
        var times = Plots.bucketTimes(x.timestamps(), edges);
        double[] inWindow = new double[x.length()];
        long[] t = x.timestamps();
        for (int i = 0; i < t.length; i++) {
            for (LabelWindow w : windows) {
                if (w.contains(t[i])) {
                    inWindow[i] = 1;
                }
            }
        }
        List<Double> windowMask = Plots.bucketMax(inWindow, edges);

        XYChart top = Plots.chart(x.name(), "value", WIDTH, PANEL_HEIGHT);
        List<Double> values = Plots.bucketExtreme(x.values(), edges);
        double min = values.stream().mapToDouble(Double::doubleValue).min().orElse(0);
        double max = values.stream().mapToDouble(Double::doubleValue).max().orElse(1);
        if (max == min) {
            max = min + 1;
        }
        final double lo = min;
        final double hi = max;
        if (!windows.isEmpty()) {
            List<Double> band = windowMask.stream().map(m -> m > 0 ? hi : lo).toList();
            Plots.area(top, "anomaly window", times, band, Plots.WINDOW);
        }
        Plots.line(top, "value", times, values, Plots.ACTUAL, 1f);
        top.getStyler().setYAxisMin(lo);
        top.getStyler().setYAxisMax(hi);

        XYChart bottom = Plots.chart("", "anomaly score", WIDTH, PANEL_HEIGHT);
        if (probationaryRows > 0) {
            double[] probation = new double[x.length()];
            java.util.Arrays.fill(probation, 0, probationaryRows, 1.0);
            Plots.area(bottom, "probationary (not scored)", times, Plots.bucketMax(probation, edges), Plots.PROBATION);
        }
        if (!windows.isEmpty()) {
            Plots.area(bottom, "anomaly window ", times, windowMask, Plots.WINDOW).setShowInLegend(false);
        }
        int c = 0;
        for (Map.Entry<String, double[][]> e : scores.entrySet()) {
            java.awt.Color color = Plots.PALETTE[c++ % Plots.PALETTE.length];
            Plots.line(bottom, e.getKey(), times, Plots.bucketMax(e.getValue()[index], edges), color, 1f);
            var standard = result.detector(e.getKey()).profiles().values().iterator().next();
            double threshold = Math.min(1.0, standard.threshold());
            Plots.dashed(bottom, e.getKey() + " threshold", List.of(times.get(0), times.get(times.size() - 1)),
                    List.of(threshold, threshold), color).setShowInLegend(false);
        }
        bottom.getStyler().setYAxisMin(0.0);
        bottom.getStyler().setYAxisMax(1.0);
        Plots.save(List.of(top, bottom), png);
    }
}
