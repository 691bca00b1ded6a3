package io.beliefstream.eval.report;

import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.forecast.ForecastEvaluation;
import io.beliefstream.eval.forecast.ForecastEvaluationOptions;
import io.beliefstream.eval.forecast.ForecastEvaluationResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * The {@code evaluate forecast --report} output: {@code report.md} with every metric, and per horizon one PNG
 * ({@code plots/horizon-<h>.png}) with a panel per forecaster: the actual test values, the forecast made
 * {@code h} steps earlier and its central interval (dashed), over the first {@value #PLOT_DAYS} days of the test
 * split.
 */
public final class ForecastReport {
    /** Days of the test split shown in each plot. */
    public static final int PLOT_DAYS = 14;
    /** Pixel width of each plot. */
    public static final int WIDTH = 1200;
    /** Pixel height of each forecaster's panel. */
    public static final int PANEL_HEIGHT = 260;

    private ForecastReport() {
    }

    /**
     * Writes the report.
     *
     * @param testTimestamps timestamps of the test rows
     * @param actual standardised test values
     * @param forecasts each forecaster's test forecasts, in result order
     * @return the Markdown file
     */
    public static Path write(Path reportDir, ForecastEvaluationOptions o, ForecastEvaluationResult r,
            long[] testTimestamps, double[] actual, List<ForecastEvaluation.TestForecasts> forecasts) {
        Plots.headless();
        StringBuilder md = new StringBuilder();
        md.append("# Forecast evaluation: ").append(o.dataFile().getFileName()).append(", target ")
                .append(r.target()).append("\n\n");
        md.append(String.format(Locale.ROOT, "Split by time (30-day months %d/%d/%d): %,d train, %,d validation, "
                + "%,d test rows. Standardised with the training mean %.4f and standard deviation %.4f; all errors "
                + "below are on that scale. Rolling origin: every test row is forecast from %s rows earlier. "
                + "MASE uses the training split's seasonal-naive (period %d) mean absolute error %.4f as its scale; "
                + "'vs sNaive' is the MAE ratio to the seasonal-naive forecast on the same targets. Intervals are "
                + "central %.0f%%.%n%n", o.trainMonths(), o.validationMonths(), o.testMonths(), r.trainRows(),
                r.validationRows(), r.testRows(), r.trainMean(), r.trainStd(), "h", r.seasonalPeriod(),
                r.maseScale(), 100 * r.intervalLevel()));
        md.append("| forecaster | h | MAE | MSE | MASE | vs sNaive | coverage | width | seconds |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ForecastEvaluationResult.ForecasterResult f : r.forecasters()) {
            for (ForecastEvaluationResult.HorizonMetrics m : f.horizons()) {
                md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.4f | %.3f | %.3f | %.3f | %.3f | %.1f |%n",
                        f.name(), m.horizon(), m.mae(), m.mse(), m.mase(), m.maeRatioToSeasonalNaive(),
                        m.coverage(), m.meanWidth(), f.seconds()));
            }
        }
        md.append("\n## Forecasts against actual values\n\n");
        int[] horizons = o.horizons();
        long span = (long) PLOT_DAYS * 24 * 3600 * 1000;
        int shown = 0;
        while (shown < testTimestamps.length && testTimestamps[shown] < testTimestamps[0] + span) {
            shown++;
        }
        List<Date> times = new ArrayList<>(shown);
        List<Double> act = new ArrayList<>(shown);
        for (int j = 0; j < shown; j++) {
            times.add(new Date(testTimestamps[j]));
            act.add(actual[j]);
        }
        for (int h = 0; h < horizons.length; h++) {
            List<XYChart> panels = new ArrayList<>();
            int c = 0;
            for (ForecastEvaluation.TestForecasts f : forecasts) {
                XYChart chart = Plots.chart(f.name() + ", " + horizons[h] + " step(s) ahead", r.target()
                        + " (standardised)", WIDTH, PANEL_HEIGHT);
                java.awt.Color color = Plots.PALETTE[c++ % Plots.PALETTE.length];
                Plots.line(chart, "actual", times, act, Plots.ACTUAL, 1.2f);
                Plots.line(chart, "forecast", times, head(f.mean()[h], shown), color, 1.2f);
                Plots.dashed(chart, String.format(Locale.ROOT, "%.0f%% interval", 100 * r.intervalLevel()), times,
                        head(f.lower()[h], shown), color);
                Plots.dashed(chart, "upper", times, head(f.upper()[h], shown), color).setShowInLegend(false);
                panels.add(chart);
            }
            String png = "plots/horizon-" + horizons[h] + ".png";
            Plots.save(panels, reportDir.resolve(png));
            md.append("### Horizon ").append(horizons[h]).append("\n\n![horizon ").append(horizons[h]).append("](")
                    .append(png).append(")\n\n");
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

    private static List<Double> head(double[] v, int n) {
        List<Double> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(v[i]);
        }
        return out;
    }
}
