package io.beliefstream.eval.forecast;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.internal.Csv;
import io.beliefstream.eval.internal.Json;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code beliefstream evaluate forecast --protocol lsf}: the long-sequence-forecasting protocol of Informer (Zhou
 * et al., AAAI 2021), Autoformer, LTSF-Linear (Zeng et al., AAAI 2023) and PatchTST, univariate.
 *
 * <ol>
 *   <li><b>Split by rows</b> at the file's sampling interval {@code Δ} (the median step between dates, never the
 *       file's name): with {@code d = 1 day / Δ} rows per day, train {@code [0, 360d)}, validation
 *       {@code [360d, 480d)}, test {@code [480d, 600d)}; rows after are unused. Hourly files: 8,640 / 2,880 /
 *       2,880 rows; 15-minute files: 34,560 / 11,520 / 11,520.
 *   <li><b>Scale</b> the target with a StandardScaler fitted on the training rows: {@code z = (x − μ) / σ}, population
 *       σ.
 *   <li><b>Windows</b>: every stride-1 window whose targets lie in the test split. A window of length {@code H} at
 *       origin {@code t} (the last value seen) has targets {@code z_{t+1} … z_{t+H}}; origins run from the last
 *       validation row to {@code testEnd − 1 − H}: {@code testRows − H + 1} windows. Its input may reach back into
 *       the validation and training rows (LTSF-Linear's borders: the test set starts {@code seq_len} rows before
 *       the first target).
 *   <li><b>Stream</b>: every forecaster sees every value up to the origin, one at a time (online, past only), and
 *       forecasts steps {@code 1..max H} at every origin.
 *   <li><b>Score</b> per window length: {@code MSE = mean over windows and steps k = 1..H of (z_{t+k} − ẑ_{t,k})²},
 *       MAE likewise; the central interval's coverage and mean width over the same (window, step) pairs. Beside
 *       them, the rolling-origin figures per horizon {@code h}: every test row as a target, forecast {@code h}
 *       steps before.
 * </ol>
 *
 * <p>The naive forecast (last value repeated) under this protocol gives ETTh1 {@code H = 96} MSE 0.0693, MAE 0.2033;
 * {@code H = 24} 0.0343 / 0.1394; ETTm1 {@code H = 96} 0.0333 / 0.1365 (the check figures of the data README).
 */
public final class LsfEvaluation {
    private static final Logger LOG = LoggerFactory.getLogger(LsfEvaluation.class);
    private static final long DAY_MILLIS = 24L * 3600 * 1000;
    /** Training split length in days (twelve months of 30 days). */
    public static final int TRAIN_DAYS = 360;
    /** Validation split length in days (four months of 30 days). */
    public static final int VALIDATION_DAYS = 120;
    /** Test split length in days (four months of 30 days). */
    public static final int TEST_DAYS = 120;

    private LsfEvaluation() {
    }

    /** The median step between consecutive timestamps, in milliseconds. */
    public static long samplingMillis(long[] t) {
        if (t.length < 2) {
            throw new EvalException("need at least two rows to tell the sampling interval");
        }
        long[] steps = new long[t.length - 1];
        for (int i = 1; i < t.length; i++) {
            steps[i - 1] = t[i] - t[i - 1];
        }
        Arrays.sort(steps);
        return steps[steps.length / 2];
    }

    /** Reads the file, splits it by its sampling interval and standardises the target with the training rows. */
    public static ForecastEvaluation.Prepared prepare(Path dataFile, String target) {
        Csv csv = Csv.read(dataFile);
        if (csv.rowCount() == 0) {
            throw new EvalException(dataFile + ": no rows");
        }
        long[] t = csv.timestamps(csv.column("date"));
        double[] raw = csv.numbers(csv.column(target));
        for (int i = 1; i < t.length; i++) {
            if (t[i] <= t[i - 1]) {
                throw new EvalException(dataFile + ": dates must increase, row " + (i + 2) + " does not");
            }
        }
        long step = samplingMillis(t);
        if (DAY_MILLIS % step != 0) {
            throw new EvalException(dataFile + ": the sampling interval " + step / 1000
                    + " s does not divide a day");
        }
        int perDay = (int) (DAY_MILLIS / step);
        int trainEnd = TRAIN_DAYS * perDay;
        int validationEnd = trainEnd + VALIDATION_DAYS * perDay;
        int testEnd = validationEnd + TEST_DAYS * perDay;
        if (t.length < testEnd) {
            throw new EvalException(dataFile + ": " + t.length + " rows at one every " + step / 1000 + " s, the "
                    + TRAIN_DAYS + "/" + VALIDATION_DAYS + "/" + TEST_DAYS + "-day split needs " + testEnd);
        }
        return ForecastEvaluation.standardise(dataFile + ": column " + target, t, raw, trainEnd, validationEnd,
                testEnd);
    }

    /** Running sums of one set of (origin, step) errors. */
    private static final class Sums {
        final int steps;
        int n;
        long pairs;
        double sq;
        double abs;
        long covered;
        double width;

        Sums(int steps) {
            this.steps = steps;
        }

        void add(double actual, double mean, double lower, double upper) {
            double e = actual - mean;
            sq += e * e;
            abs += Math.abs(e);
            if (actual >= lower && actual <= upper) {
                covered++;
            }
            width += upper - lower;
            pairs++;
        }

        LsfResult.Metrics metrics() {
            return new LsfResult.Metrics(steps, n, sq / pairs, abs / pairs, (double) covered / pairs,
                    width / pairs);
        }
    }

    /** Runs the protocol, writes the JSON and returns the figures. */
    public static LsfResult run(LsfOptions o) {
        ForecastEvaluation.Prepared p = prepare(o.dataFile(), o.target());
        long step = samplingMillis(p.timestamps());
        int period = (int) (DAY_MILLIS / step);
        int[] windows = o.windows();
        int[] rolling = o.reportedRollingHorizons();
        int maxH = o.maxWindow();
        int testN = p.testEnd() - p.testStart();
        if (maxH > testN) {
            throw new EvalException("window of " + maxH + " steps is longer than the test split (" + testN + " rows)");
        }
        ForecastContext ctx = ForecastEvaluation.context(p, ForecastContext.steps(maxH), o.intervalLevel(), period);
        int lookBack = Math.max(1, rolling.length == 0 ? 1 : rolling[rolling.length - 1]);
        int firstScored = p.testStart() - lookBack;
        double[] y = p.y();

        List<LsfResult.ForecasterResult> results = new ArrayList<>();
        for (ForecasterFactory factory : o.forecasters()) {
            long t0 = System.nanoTime();
            factory.fit(List.of(ctx));
            Forecaster f = factory.create(ctx);
            Forecast out = new Forecast(maxH);
            Sums[] w = new Sums[windows.length];
            for (int i = 0; i < windows.length; i++) {
                w[i] = new Sums(windows[i]);
            }
            Sums[] r = new Sums[rolling.length];
            for (int i = 0; i < rolling.length; i++) {
                r[i] = new Sums(rolling[i]);
            }
            for (int t = 0; t < p.testEnd() - 1; t++) {
                out.clear();
                out.scored = t >= firstScored;
                f.observe(p.timestamps()[t], y[t], out);
                if (!out.scored) {
                    continue;
                }
                for (Sums s : w) {
                    if (t >= p.testStart() - 1 && t + s.steps < p.testEnd()) {
                        requireForecast(factory, out, s.steps, t);
                        for (int k = 1; k <= s.steps; k++) {
                            s.add(y[t + k], out.mean[k - 1], out.lower[k - 1], out.upper[k - 1]);
                        }
                        s.n++;
                    }
                }
                for (Sums s : r) {
                    int target = t + s.steps;
                    if (target >= p.testStart() && target < p.testEnd()) {
                        requireForecast(factory, out, s.steps, t);
                        s.add(y[target], out.mean[s.steps - 1], out.lower[s.steps - 1], out.upper[s.steps - 1]);
                        s.n++;
                    }
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            LOG.info("{}: {} rows in {} s", factory.name(), p.testEnd(), String.format("%.1f", seconds));
            results.add(new LsfResult.ForecasterResult(factory.name(), seconds,
                    Arrays.stream(w).map(Sums::metrics).toList(), Arrays.stream(r).map(Sums::metrics).toList()));
        }
        LsfResult result = new LsfResult(o.target(), step, p.trainEnd(), p.validationEnd() - p.trainEnd(), testN,
                p.mean(), p.std(), period, o.intervalLevel(), results);
        Json.write(o.jsonFile(), toJson(o, result));
        return result;
    }

    private static void requireForecast(ForecasterFactory factory, Forecast out, int steps, int origin) {
        for (int k = 0; k < steps; k++) {
            if (Double.isNaN(out.mean[k]) || Double.isNaN(out.lower[k]) || Double.isNaN(out.upper[k])) {
                throw new EvalException(factory.name() + ": no forecast " + (k + 1) + " steps ahead at row "
                        + origin);
            }
        }
    }

    /** The JSON document {@link #run} writes. */
    public static ObjectNode toJson(LsfOptions o, LsfResult r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        root.put("protocol", "lsf");
        ObjectNode data = root.putObject("data");
        data.put("file", o.dataFile().toString());
        data.put("target", r.target());
        data.put("samplingSeconds", r.samplingMillis() / 1000);
        data.put("trainRows", r.trainRows());
        data.put("validationRows", r.validationRows());
        data.put("testRows", r.testRows());
        data.put("split", TRAIN_DAYS + "/" + VALIDATION_DAYS + "/" + TEST_DAYS + " days of rows at the sampling "
                + "interval");
        data.put("trainMean", r.trainMean());
        data.put("trainStd", r.trainStd());
        data.put("scale", "StandardScaler fitted on the training rows (population standard deviation)");
        root.put("seasonalPeriod", r.seasonalPeriod());
        root.put("intervalLevel", r.intervalLevel());
        var ws = root.putArray("windows");
        for (int h : o.windows()) {
            ws.add(h);
        }
        ObjectNode fs = root.putObject("forecasters");
        for (LsfResult.ForecasterResult f : r.forecasters()) {
            ObjectNode n = fs.putObject(f.name());
            n.put("seconds", f.seconds());
            ObjectNode byW = n.putObject("windows");
            for (LsfResult.Metrics m : f.windows()) {
                put(byW.putObject(Integer.toString(m.steps())), m);
            }
            ObjectNode byH = n.putObject("horizons");
            for (LsfResult.Metrics m : f.horizons()) {
                put(byH.putObject(Integer.toString(m.steps())), m);
            }
        }
        return root;
    }

    private static void put(ObjectNode x, LsfResult.Metrics m) {
        x.put("n", m.n());
        x.put("mse", m.mse());
        x.put("mae", m.mae());
        x.put("coverage", m.coverage());
        x.put("width", m.width());
    }
}
