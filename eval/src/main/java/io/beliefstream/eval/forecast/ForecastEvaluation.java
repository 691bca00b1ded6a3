package io.beliefstream.eval.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.internal.Csv;
import io.beliefstream.eval.internal.Json;
import io.beliefstream.eval.report.ForecastReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code beliefstream evaluate forecast}: rolling-origin evaluation of forecasters on one column of an ETT-style
 * CSV.
 *
 * <ol>
 *   <li>Split by time into 30-day months: train (first 12), validation (next 4), test (next 4), as Informer's ETT
 *       protocol; rows after the test split are not used.
 *   <li>Standardise the target with the training mean and (population) standard deviation.
 *   <li>Stream every row up to the end of the test split through each forecaster; at every origin {@code t} it
 *       forecasts {@code t + h} for each horizon. Every test row {@code τ} is a target, forecast from origin
 *       {@code τ − h} with everything up to it seen (rolling origin, one step apart).
 *   <li>Score each horizon: MAE, MSE, MASE (seasonal-naive scale on the training split), the MAE ratio to the
 *       seasonal-naive forecast on the same targets, and the coverage and mean width of the central interval.
 * </ol>
 *
 * <p>The CLI lives in {@code app}; it calls {@code ForecastEvaluation.run(options)}.
 */
public final class ForecastEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(ForecastEvaluation.class);
    private static final long DAY_MILLIS = 24L * 3600 * 1000;

    private ForecastEvaluation() {
    }

    /** The split and standardised target of a data file. */
    public record Prepared(long[] timestamps, double[] y, int trainEnd, int validationEnd, int testEnd, double mean,
            double std) {
        /** First test row. */
        public int testStart() {
            return validationEnd;
        }
    }

    /** Reads, splits and standardises the target column. */
    public static Prepared prepare(ForecastEvaluationOptions o) {
        Csv csv = Csv.read(o.dataFile());
        if (csv.rowCount() == 0) {
            throw new EvalException(o.dataFile() + ": no rows");
        }
        long[] t = csv.timestamps(csv.column("date"));
        double[] raw = csv.numbers(csv.column(o.target()));
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                throw new EvalException(o.dataFile() + ": dates must increase, row " + (i + 2) + " does not");
            }
        }
        long month = DAY_MILLIS * ForecastEvaluationOptions.DAYS_PER_MONTH;
        int trainEnd = firstAtOrAfter(t, t[0] + o.trainMonths() * month);
        int validationEnd = firstAtOrAfter(t, t[0] + (long) (o.trainMonths() + o.validationMonths()) * month);
        int testEnd = firstAtOrAfter(t, t[0] + (long) (o.trainMonths() + o.validationMonths() + o.testMonths())
                * month);
        if (trainEnd < 2 || validationEnd >= testEnd) {
            throw new EvalException(o.dataFile() + ": too short for a " + o.trainMonths() + "/"
                    + o.validationMonths() + "/" + o.testMonths() + "-month split (" + t.length + " rows)");
        }
        return standardise(o.dataFile() + ": column " + o.target(), t, raw, trainEnd, validationEnd, testEnd);
    }

    /**
     * The rows up to {@code testEnd}, standardised with the training rows' mean and population standard deviation
     * (scikit-learn's {@code StandardScaler}, fitted on {@code [0, trainEnd)}).
     *
     * @param what names the series in the error when the training rows are constant
     */
    public static Prepared standardise(String what, long[] t, double[] raw, int trainEnd, int validationEnd,
            int testEnd) {
        double mean = 0;
        for (int i = 0; i < trainEnd; i++) {
            mean += raw[i];
        }
        mean /= trainEnd;
        double ss = 0;
        for (int i = 0; i < trainEnd; i++) {
            ss += (raw[i] - mean) * (raw[i] - mean);
        }
        double std = Math.sqrt(ss / trainEnd);
        if (!(std > 0)) {
            throw new EvalException(what + " is constant on the training split");
        }
        double[] y = new double[testEnd];
        for (int i = 0; i < testEnd; i++) {
            y[i] = (raw[i] - mean) / std;
        }
        return new Prepared(Arrays.copyOf(t, testEnd), y, trainEnd, validationEnd, testEnd, mean, std);
    }

    /** The forecasters' context: the training and validation splits of a prepared series. */
    public static ForecastContext context(Prepared p, int[] horizons, double intervalLevel, int seasonalPeriod) {
        return new ForecastContext(horizons, intervalLevel, seasonalPeriod, Arrays.copyOf(p.timestamps(), p.trainEnd()),
                Arrays.copyOf(p.y(), p.trainEnd()), Arrays.copyOfRange(p.timestamps(), p.trainEnd(),
                        p.validationEnd()), Arrays.copyOfRange(p.y(), p.trainEnd(), p.validationEnd()));
    }

    private static int firstAtOrAfter(long[] t, long bound) {
        for (int i = 0; i < t.length; i++) {
            if (t[i] >= bound) {
                return i;
            }
        }
        return t.length;
    }

    /** Forecasts of one forecaster for every test target: {@code [horizon index][test row]}. */
    public record TestForecasts(String name, double[][] mean, double[][] lower, double[][] upper) {
    }

    /** Runs the evaluation, writes the JSON (and the report when asked) and returns the metrics. */
    public static ForecastEvaluationResult run(ForecastEvaluationOptions o) {
        Prepared p = prepare(o);
        int[] horizons = o.horizons();
        int testN = p.testEnd() - p.testStart();
        ForecastContext ctx = context(p, horizons, o.intervalLevel(), o.seasonalPeriod());
        double maseScale = ForecastMetrics.maseScale(ctx.train(), o.seasonalPeriod());
        double[] actual = Arrays.copyOfRange(p.y(), p.testStart(), p.testEnd());
        double[][] seasonal = new double[horizons.length][testN];
        for (int h = 0; h < horizons.length; h++) {
            for (int j = 0; j < testN; j++) {
                int target = p.testStart() + j;
                seasonal[h][j] = SeasonalNaiveForecaster.pointForecast(p.y(), target - horizons[h], horizons[h],
                        o.seasonalPeriod());
            }
        }

        List<ForecastEvaluationResult.ForecasterResult> results = new ArrayList<>();
        List<TestForecasts> all = new ArrayList<>();
        for (ForecasterFactory factory : o.forecasters()) {
            long t0 = System.nanoTime();
            factory.fit(List.of(ctx));
            Forecaster f = factory.create(ctx);
            Forecast out = new Forecast(horizons.length);
            double[][] mean = new double[horizons.length][testN];
            double[][] lower = new double[horizons.length][testN];
            double[][] upper = new double[horizons.length][testN];
            for (double[][] a : List.of(mean, lower, upper)) {
                for (double[] row : a) {
                    Arrays.fill(row, Double.NaN);
                }
            }
            int firstScored = p.testStart() - horizons[horizons.length - 1];
            for (int t = 0; t < p.testEnd() - 1; t++) {
                out.clear();
                out.scored = t >= firstScored;
                f.observe(p.timestamps()[t], p.y()[t], out);
                for (int h = 0; h < horizons.length; h++) {
                    int j = t + horizons[h] - p.testStart();
                    if (j >= 0 && j < testN) {
                        mean[h][j] = out.mean[h];
                        lower[h][j] = out.lower[h];
                        upper[h][j] = out.upper[h];
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            List<ForecastEvaluationResult.HorizonMetrics> metrics = new ArrayList<>();
            for (int h = 0; h < horizons.length; h++) {
                try {
                    metrics.add(ForecastMetrics.compute(horizons[h], actual, mean[h], lower[h], upper[h],
                            seasonal[h], maseScale));
                } catch (IllegalArgumentException e) {
                    throw new EvalException(factory.name() + ": " + e.getMessage(), e);
                }
            }
            LOG.info("{}: {} rows in {} s", factory.name(), p.testEnd(), String.format("%.1f", seconds));
            results.add(new ForecastEvaluationResult.ForecasterResult(factory.name(), seconds, metrics));
            all.add(new TestForecasts(factory.name(), mean, lower, upper));
        }
        ForecastEvaluationResult r = new ForecastEvaluationResult(o.target(), p.trainEnd(),
                p.validationEnd() - p.trainEnd(), testN, p.mean(), p.std(), maseScale, o.seasonalPeriod(),
                o.intervalLevel(), results);
        Json.write(o.jsonFile(), toJson(o, r));
        if (o.reportDir() != null) {
            ForecastReport.write(o.reportDir(), o, r, Arrays.copyOfRange(p.timestamps(), p.testStart(), p.testEnd()),
                    actual, all);
        }
        return r;
    }

    /** The JSON document {@link #run} writes. */
    public static ObjectNode toJson(ForecastEvaluationOptions o, ForecastEvaluationResult r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("file", o.dataFile().toString());
        data.put("target", r.target());
        data.put("trainRows", r.trainRows());
        data.put("validationRows", r.validationRows());
        data.put("testRows", r.testRows());
        data.put("split", o.trainMonths() + "/" + o.validationMonths() + "/" + o.testMonths() + " months of "
                + ForecastEvaluationOptions.DAYS_PER_MONTH + " days");
        data.put("trainMean", r.trainMean());
        data.put("trainStd", r.trainStd());
        data.put("scale", "standardised with training statistics");
        root.put("seasonalPeriod", r.seasonalPeriod());
        root.put("intervalLevel", r.intervalLevel());
        root.put("maseScale", r.maseScale());
        var hs = root.putArray("horizons");
        for (int h : o.horizons()) {
            hs.add(h);
        }
        ObjectNode fs = root.putObject("forecasters");
        for (ForecastEvaluationResult.ForecasterResult f : r.forecasters()) {
            ObjectNode n = fs.putObject(f.name());
            n.put("seconds", f.seconds());
            ObjectNode byH = n.putObject("horizons");
            for (ForecastEvaluationResult.HorizonMetrics m : f.horizons()) {
                ObjectNode x = byH.putObject(Integer.toString(m.horizon()));
                x.put("n", m.n());
                x.put("mae", m.mae());
                x.put("mse", m.mse());
                x.put("mase", m.mase());
                x.put("maeRatioToSeasonalNaive", m.maeRatioToSeasonalNaive());
                x.put("coverage", m.coverage());
                x.put("meanWidth", m.meanWidth());
            }
        }
        return root;
    }

    /** Metrics keyed by forecaster then horizon, for printing. */
    public static Map<String, Map<Integer, ForecastEvaluationResult.HorizonMetrics>> table(
            ForecastEvaluationResult r) {
        Map<String, Map<Integer, ForecastEvaluationResult.HorizonMetrics>> out = new LinkedHashMap<>();
        for (ForecastEvaluationResult.ForecasterResult f : r.forecasters()) {
            Map<Integer, ForecastEvaluationResult.HorizonMetrics> m = new LinkedHashMap<>();
            f.horizons().forEach(x -> m.put(x.horizon(), x));
            out.put(f.name(), m);
        }
        return out;
    }
}
