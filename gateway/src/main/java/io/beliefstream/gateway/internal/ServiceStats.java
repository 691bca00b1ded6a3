package io.beliefstream.gateway.internal;

import io.beliefstream.monitoring.EngineMetrics;
import io.beliefstream.monitoring.ModelMetrics;
import io.beliefstream.monitoring.Monitoring;
import io.beliefstream.monitoring.StreamMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The dashboard's service panel, read from the meter registry only (the gateway sees no engine internals):
 * throughput, step latency percentiles, lag, streams, dead letters, active models and codebook usage when a model
 * has a codebook. Rates are differences of cumulative counters between calls at least one second apart (null until
 * two such calls happened).
 */
public final class ServiceStats {
    private final Monitoring monitoring;
    private final LongSupplier nanoTime;
    private long lastTime;
    private double lastObservations = Double.NaN;
    private double lastPredictions = Double.NaN;
    private double observationsRate = Double.NaN;
    private double predictionsRate = Double.NaN;

    public ServiceStats(Monitoring monitoring) {
        this(monitoring, System::nanoTime);
    }

    /** With an injectable monotonic clock in nanoseconds (tests). */
    public ServiceStats(Monitoring monitoring, LongSupplier nanoTime) {
        this.monitoring = monitoring;
        this.nanoTime = nanoTime;
    }

    public synchronized JsonObject snapshot() {
        monitoring.refresh();
        MeterRegistry r = monitoring.registry();
        double observations = count(r, EngineMetrics.OBSERVATIONS);
        double predictions = count(r, EngineMetrics.PREDICTIONS);
        long now = nanoTime.getAsLong();
        if (Double.isNaN(lastObservations)) {
            lastTime = now;
            lastObservations = observations;
            lastPredictions = predictions;
        } else if (now - lastTime >= 1_000_000_000L) {
            double seconds = (now - lastTime) / 1e9;
            observationsRate = (observations - lastObservations) / seconds;
            predictionsRate = (predictions - lastPredictions) / seconds;
            lastTime = now;
            lastObservations = observations;
            lastPredictions = predictions;
        }
        JsonObject s = new JsonObject()
                .put("observations_per_s", finite(observationsRate))
                .put("predictions_per_s", finite(predictionsRate))
                .put("observations_total", finite(observations))
                .put("predictions_total", finite(predictions))
                .put("dead_letters_total", finite(count(r, EngineMetrics.DEAD_LETTERS)))
                .put("consumer_lag", finite(gauge(r, EngineMetrics.CONSUMER_LAG)))
                .put("active_streams", finite(gauge(r, StreamMetrics.ACTIVE)))
                .put("step_latency_ms", latency(r.find(EngineMetrics.STEP_LATENCY).timer()))
                .put("commit_latency_ms", latency(r.find(EngineMetrics.COMMIT_LATENCY).timer()));
        JsonArray models = new JsonArray();
        for (Gauge g : r.find(ModelMetrics.ACTIVE).gauges()) {
            models.add(new JsonObject().put("name", g.getId().getTag("model")).put("version", g.getId().getTag("version")));
        }
        s.put("models", models);
        JsonArray codebooks = new JsonArray();
        for (Gauge g : r.find(ModelMetrics.CODEBOOK_PERPLEXITY).gauges()) {
            String model = g.getId().getTag("model");
            codebooks.add(new JsonObject().put("model", model).put("perplexity", finite(g.value()))
                    .put("live_codes", finite(tagged(r, ModelMetrics.CODEBOOK_LIVE_CODES, model)))
                    .put("size", finite(tagged(r, ModelMetrics.CODEBOOK_SIZE, model))));
        }
        s.put("codebooks", codebooks);
        return s;
    }

    private static double count(MeterRegistry r, String name) {
        double sum = 0;
        boolean found = false;
        for (Meter m : r.find(name).meters()) {
            if (m instanceof FunctionCounter c) {
                sum += c.count();
                found = true;
            } else if (m instanceof Counter c) {
                sum += c.count();
                found = true;
            }
        }
        return found ? sum : Double.NaN;
    }

    private static double gauge(MeterRegistry r, String name) {
        Gauge g = r.find(name).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private static double tagged(MeterRegistry r, String name, String model) {
        Gauge g = r.find(name).tag("model", model).gauge();
        return g == null ? Double.NaN : g.value();
    }

    private static JsonObject latency(Timer t) {
        JsonObject o = new JsonObject();
        if (t == null) {
            return o;
        }
        HistogramSnapshot snap = t.takeSnapshot();
        o.put("count", snap.count()).put("mean", finite(snap.mean(TimeUnit.MILLISECONDS)));
        for (ValueAtPercentile p : snap.percentileValues()) {
            o.put("p" + Math.round(p.percentile() * 100), finite(p.value(TimeUnit.MILLISECONDS)));
        }
        return o;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
