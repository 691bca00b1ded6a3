package io.beliefstream.eval.m4;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.beliefstream.eval.EvalException;
import io.beliefstream.eval.forecast.Forecast;
import io.beliefstream.eval.forecast.ForecastContext;
import io.beliefstream.eval.forecast.Forecaster;
import io.beliefstream.eval.forecast.ForecasterFactory;
import io.beliefstream.eval.internal.Json;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code beliefstream evaluate m4}: every series is a stream; each forecaster sees its in-sample values one at a
 * time and forecasts the next {@code horizon} values at the last one, with a central interval; the forecasts are
 * scored with the competition's measures ({@link M4Metrics}) and averaged over the series; OWA is against Naive2
 * ({@link Naive2Forecaster}), computed in every run.
 *
 * <p>Without a test file the last {@code horizon} values of each training series are held out as its test (the data
 * README's development protocol); the published figures are on the competition's own test set.
 */
public final class M4Evaluation {
    private static final Logger LOG = LoggerFactory.getLogger(M4Evaluation.class);
    private static final long HOUR_MILLIS = 3_600_000L;

    private M4Evaluation() {
    }

    /** One series split into its in-sample history and its test values. */
    public record Split(String id, double[] insample, double[] test) {
    }

    /** Reads and splits the series. */
    public static List<Split> prepare(M4Options o) {
        List<M4Data.Series> train = M4Data.read(o.trainFile());
        Map<String, double[]> test = new HashMap<>();
        if (o.testFile() != null) {
            for (M4Data.Series s : M4Data.read(o.testFile())) {
                test.put(s.id(), s.values());
            }
        }
        int h = o.horizon();
        List<Split> out = new ArrayList<>();
        for (M4Data.Series s : train) {
            double[] v = s.values();
            double[] in;
            double[] target;
            if (o.testFile() == null) {
                if (v.length < h + o.period() + 1) {
                    throw new EvalException(s.id() + ": " + v.length + " values, too few to hold out " + h);
                }
                in = Arrays.copyOf(v, v.length - h);
                target = Arrays.copyOfRange(v, v.length - h, v.length);
            } else {
                double[] t = test.get(s.id());
                if (t == null || t.length < h) {
                    throw new EvalException(s.id() + ": the test file has " + (t == null ? "no" : t.length)
                            + " values for it, " + h + " needed");
                }
                in = v;
                target = Arrays.copyOf(t, h);
            }
            if (in.length <= o.period()) {
                throw new EvalException(s.id() + ": an in-sample of " + in.length + " values is not longer than "
                        + "the period " + o.period());
            }
            out.add(new Split(s.id(), in, target));
        }
        return out;
    }

    /** Runs the evaluation, writes the JSON and returns the figures. */
    public static M4Result run(M4Options o) {
        List<Split> series = prepare(o);
        int h = o.horizon();
        int[] horizons = ForecastContext.steps(h);
        List<ForecastContext> contexts = new ArrayList<>();
        for (Split s : series) {
            long[] ts = new long[s.insample().length];
            for (int i = 0; i < ts.length; i++) {
                ts[i] = i * HOUR_MILLIS;
            }
            contexts.add(new ForecastContext(horizons, o.intervalLevel(), o.period(), ts, s.insample()));
        }
        double[] reference = null;
        List<double[]> raw = new ArrayList<>();
        List<double[]> byStep = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<Double> seconds = new ArrayList<>();
        List<ForecasterFactory> factories = new ArrayList<>(o.forecasters());
        boolean extraNaive2 = factories.stream().noneMatch(f -> f.name().equals(Naive2Forecaster.NAME));
        if (extraNaive2) {
            factories.add(Naive2Forecaster.factory());
        }
        for (ForecasterFactory factory : factories) {
            long t0 = System.nanoTime();
            factory.fit(contexts);
            double[] sums = new double[5];
            long covered = 0;
            long[] coveredByStep = new long[h];
            for (int k = 0; k < series.size(); k++) {
                Split s = series.get(k);
                Forecaster f = factory.create(contexts.get(k));
                Forecast out = new Forecast(h);
                double[] in = s.insample();
                for (int t = 0; t < in.length; t++) {
                    out.clear();
                    out.scored = t == in.length - 1;
                    f.observe(t * HOUR_MILLIS, in[t], out);
                }
                for (int i = 0; i < h; i++) {
                    if (Double.isNaN(out.mean[i]) || Double.isNaN(out.lower[i]) || Double.isNaN(out.upper[i])) {
                        throw new EvalException(factory.name() + ": no forecast " + (i + 1) + " steps ahead for "
                                + s.id());
                    }
                }
                double scale = M4Metrics.scale(in, o.period());
                sums[0] += M4Metrics.smape(s.test(), out.mean);
                sums[1] += M4Metrics.mase(s.test(), out.mean, scale);
                sums[2] += M4Metrics.msis(s.test(), out.lower, out.upper, scale, 1 - o.intervalLevel());
                for (int i = 0; i < h; i++) {
                    double y = s.test()[i];
                    if (y >= out.lower[i] && y <= out.upper[i]) {
                        covered++;
                        coveredByStep[i]++;
                    }
                }
            }
            double n = series.size();
            double[] figures = {sums[0] / n, sums[1] / n, sums[2] / n, covered / (n * h)};
            double[] steps = new double[h];
            for (int i = 0; i < h; i++) {
                steps[i] = coveredByStep[i] / n;
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            LOG.info("{}: {} series in {} s", factory.name(), series.size(), String.format("%.1f", secs));
            if (factory.name().equals(Naive2Forecaster.NAME)) {
                reference = figures;
            }
            if (!(extraNaive2 && factory == factories.get(factories.size() - 1))) {
                raw.add(figures);
                byStep.add(steps);
                names.add(factory.name());
                seconds.add(secs);
            }
        }
        List<M4Result.ForecasterResult> results = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            double[] f = raw.get(i);
            results.add(new M4Result.ForecasterResult(names.get(i), seconds.get(i), f[0], f[1],
                    M4Metrics.owa(f[0], f[1], reference[0], reference[1]), f[2], f[3], byStep.get(i)));
        }
        M4Result r = new M4Result(series.size(), o.testFile() == null, results);
        Json.write(o.jsonFile(), toJson(o, r));
        return r;
    }

    /** The JSON document {@link #run} writes. */
    public static ObjectNode toJson(M4Options o, M4Result r) {
        ObjectNode root = new ObjectMapper().createObjectNode();
        ObjectNode data = root.putObject("data");
        data.put("train", o.trainFile().toString());
        data.put("test", o.testFile() == null ? "last " + o.horizon() + " values of each training series"
                : o.testFile().toString());
        data.put("series", r.series());
        root.put("horizon", o.horizon());
        root.put("period", o.period());
        root.put("intervalLevel", o.intervalLevel());
        ObjectNode fs = root.putObject("forecasters");
        for (M4Result.ForecasterResult f : r.forecasters()) {
            ObjectNode n = fs.putObject(f.name());
            n.put("smape", f.smape());
            n.put("mase", f.mase());
            n.put("owa", f.owa());
            n.put("msis", f.msis());
            n.put("coverage", f.coverage());
            var steps = n.putArray("coverageByStep");
            for (double c : f.coverageByStep()) {
                steps.add(c);
            }
            n.put("seconds", f.seconds());
        }
        return root;
    }
}
