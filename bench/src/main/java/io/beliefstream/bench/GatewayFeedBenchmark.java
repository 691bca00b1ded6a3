package io.beliefstream.bench;

import io.beliefstream.gateway.LatestPredictions;
import io.beliefstream.streams.PredictionSummary;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The gateway feed's CPU per prediction message: {@code view} absorbs one message into the gateway's view
 * ({@link LatestPredictions#absorb}: streaming digest of the JSON, chart ring, LRU; the path of a stream without live
 * subscribers), {@code summary} the same from the engine's binary summary header ({@link PredictionSummary}, the
 * path of every record the engine writes), {@code tree} only parses the same bytes into a Vert.x
 * {@code JsonObject}, which is what the feed did for every message before the digest (a lower bound of its old
 * cost). Messages follow docs/schemas.md (3 horizons, anomaly and VQ sections), spread over {@code streams} streams.
 *
 * <p>Run: {@code java -jar bench/target/benchmarks.jar GatewayFeedBenchmark -f 1 -wi 2 -i 3}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 2)
public class GatewayFeedBenchmark {
    @Param({"10000"})
    public int streams;

    private byte[][] messages;
    private byte[][] keys;
    private byte[][] summaries;
    private LatestPredictions view;
    private int next;
    private long clock;

    @Setup
    public void setUp() {
        Random random = new Random(7);
        messages = new byte[4 * streams][];
        keys = new byte[messages.length][];
        summaries = new byte[messages.length][];
        for (int i = 0; i < messages.length; i++) {
            String stream = "stream-" + (i % streams);
            PredictionSummary[] summary = new PredictionSummary[1];
            messages[i] = message(stream, 1_700_000_000_000L + 60_000L * i, 1 + i / streams, random, summary)
                    .getBytes(StandardCharsets.UTF_8);
            keys[i] = stream.getBytes(StandardCharsets.UTF_8);
            summaries[i] = summary[0].encode();
        }
        view = new LatestPredictions(streams, 120);
    }

    /** A prediction message; {@code summary[0]} receives the engine's summary of the same values. */
    private static String message(String stream, long timestamp, long seq, Random r, PredictionSummary[] summary) {
        float x = 20 + r.nextFloat() * 5;
        float[] forecasts = new float[9];
        float firstNll = Float.NaN;
        StringBuilder s = new StringBuilder(800);
        s.append("{\"schema\":\"beliefstream.prediction/v1\",\"stream\":\"").append(stream)
                .append("\",\"timestamp\":").append(timestamp).append(",\"seq\":").append(seq)
                .append(",\"observation\":[").append(x).append("],\"model\":{\"name\":\"td-vae\",")
                .append("\"version\":\"3272aeb8\",\"scorer\":{\"name\":\"vq-vae\",\"version\":\"vq-vae-27ddfba5\"}},")
                .append("\"interval_level\":0.8,\"forecasts\":[");
        int[] horizons = {1, 5, 20};
        for (int h = 0; h < horizons.length; h++) {
            float mean = x + r.nextFloat() - 0.5f;
            float half = 1 + horizons[h] * 0.05f;
            s.append(h > 0 ? "," : "").append("{\"horizon\":").append(horizons[h]).append(",\"mean\":[").append(mean)
                    .append("],\"lower\":[").append(mean - half).append("],\"upper\":[").append(mean + half)
                    .append("]}");
            forecasts[3 * h] = mean;
            forecasts[3 * h + 1] = mean - half;
            forecasts[3 * h + 2] = mean + half;
        }
        s.append("],\"surprise\":[");
        for (int h = 0; h < horizons.length; h++) {
            float nll = 1 + r.nextFloat();
            firstNll = h == 0 ? nll : firstNll;
            s.append(h > 0 ? "," : "").append("{\"horizon\":").append(horizons[h]).append(",\"nll\":").append(nll)
                    .append('}');
        }
        float score = r.nextFloat();
        int code = r.nextInt(512);
        summary[0] = new PredictionSummary(timestamp, seq, new float[] {x}, horizons, forecasts, true, score, 0.99,
                firstNll, true, code, "td-vae");
        s.append("],\"anomaly\":{\"score\":").append(score).append(",\"threshold\":0.99,\"flag\":false,")
                .append(String.format(Locale.ROOT, "\"tail\":%s,", 1.0 - score))
                .append("\"components\":{\"surprise\":").append(r.nextFloat()).append(",\"reconstruction\":")
                .append(r.nextFloat()).append("},\"raw\":{\"surprise_nll\":").append(1 + r.nextFloat())
                .append(",\"reconstruction_error\":").append(r.nextFloat() * 0.1f).append("}},\"vq\":{\"code\":")
                .append(code).append(",\"reconstruction_error\":").append(r.nextFloat() * 0.1f)
                .append(",\"reconstruction\":").append(x).append("},\"source\":{\"partition\":2,\"offset\":")
                .append(1399 + seq).append("}}");
        return s.toString();
    }

    private byte[] nextMessage() {
        byte[] m = messages[next];
        next = next + 1 == messages.length ? 0 : next + 1;
        return m;
    }

    /** The feed's work per record without a summary header: digest the JSON and absorb into the view. */
    @Benchmark
    public boolean view() {
        return view.absorb(nextMessage(), ++clock);
    }

    /** The feed's work per engine record: digest its summary header and absorb into the view. */
    @Benchmark
    public boolean summary() {
        int i = next;
        next = next + 1 == messages.length ? 0 : next + 1;
        return view.absorb(keys[i], messages[i], summaries[i], ++clock);
    }

    /** Building the Vert.x tree of the same message, as the feed did for every message before. */
    @Benchmark
    public JsonObject tree() {
        return new JsonObject(Buffer.buffer(nextMessage()));
    }
}
