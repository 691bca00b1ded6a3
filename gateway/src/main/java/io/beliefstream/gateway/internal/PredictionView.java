package io.beliefstream.gateway.internal;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The gateway's bounded in-memory view of the predictions topic: the latest prediction of each stream, and a ring of
 * recent chart points per stream. At most {@code maxStreams} streams are kept; when a new one arrives beyond that,
 * the stream updated least recently is evicted (and counted). Memory is about {@code maxStreams × (latest prediction
 * ≈ 1.5 KB + pointsPerStream × (36 + 12·horizons) bytes)}: 100 MB for 10,000 streams of 120 points and 3 horizons.
 *
 * <p>Thread-safe: the feed thread applies predictions, HTTP handlers read; every method holds the view's lock
 * briefly and returns copies.
 */
public final class PredictionView {
    /** How the stream list can be sorted. */
    public enum Sort {
        /** Anomaly score, highest first; streams without a score last, by raw surprise. */
        SCORE,
        /** Stream id, alphabetical. */
        ID,
        /** Most recently updated first. */
        RECENT
    }

    /** One page of the stream list. */
    public record Page(List<JsonObject> items, int total) {}

    private final int maxStreams;
    private final int points;
    private final LinkedHashMap<String, Entry> streams = new LinkedHashMap<>();
    private long evicted;
    private long applied;
    private long refused;
    private long clock;

    public PredictionView(int maxStreams, int pointsPerStream) {
        if (maxStreams < 1) {
            throw new IllegalArgumentException("gateway.max-streams must be at least 1, got " + maxStreams);
        }
        if (pointsPerStream < 2) {
            throw new IllegalArgumentException("gateway.points-per-stream must be at least 2, got " + pointsPerStream);
        }
        this.maxStreams = maxStreams;
        this.points = pointsPerStream;
    }

    /**
     * Absorbs one prediction message (schema {@code beliefstream.prediction/v1}, possibly with the {@code anomaly} and
     * {@code vq} sections).
     *
     * @return the chart point it adds (see {@link Ring#point}), or empty when the message is not a usable prediction
     */
    public synchronized Optional<JsonObject> apply(JsonObject prediction, long receivedAtMillis) {
        String id = prediction.getValue("stream") instanceof String s ? s : null;
        if (id == null || id.isEmpty() || !(prediction.getValue("timestamp") instanceof Number)) {
            refused++;
            return Optional.empty();
        }
        Entry e = streams.remove(id);
        if (e == null) {
            e = new Entry(id);
            if (streams.size() >= maxStreams) {
                Iterator<Map.Entry<String, Entry>> eldest = streams.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
        }
        streams.put(id, e);
        e.latest = prediction;
        e.receivedAt = receivedAtMillis;
        e.order = ++clock;
        e.score = number(prediction.getValue("anomaly") instanceof JsonObject a ? a.getValue("score") : null);
        e.surprise = firstSurprise(prediction);
        applied++;
        int[] horizons = horizons(prediction.getJsonArray("forecasts"));
        if (e.ring == null || !java.util.Arrays.equals(e.ring.horizons, horizons)) {
            e.ring = new Ring(points, horizons);
        }
        return Optional.of(e.ring.add(prediction, e.surprise));
    }

    /** The latest prediction of {@code id}, as published, with {@code received_at} added. */
    public synchronized Optional<JsonObject> latest(String id) {
        Entry e = streams.get(id);
        return e == null ? Optional.empty()
                : Optional.of(e.latest.copy().put("received_at", e.receivedAt));
    }

    /** The recent chart points of {@code id}, oldest first. */
    public synchronized Optional<JsonArray> history(String id) {
        Entry e = streams.get(id);
        return e == null ? Optional.empty() : Optional.of(e.ring.points());
    }

    /** One page of stream summaries. */
    public synchronized Page page(Sort sort, int offset, int limit) {
        List<Entry> all = new ArrayList<>(streams.values());
        Comparator<Entry> order = switch (sort) {
            case SCORE -> Comparator.comparingDouble((Entry x) -> Double.isNaN(x.score) ? Double.NEGATIVE_INFINITY : x.score)
                    .reversed()
                    .thenComparing(Comparator.comparingDouble(
                            (Entry x) -> Double.isNaN(x.surprise) ? Double.NEGATIVE_INFINITY : x.surprise).reversed())
                    .thenComparing(x -> x.id);
            case ID -> Comparator.comparing(x -> x.id);
            case RECENT -> Comparator.comparingLong((Entry x) -> x.order).reversed();
        };
        int total = all.size();
        long wanted = Math.min((long) total, (long) offset + limit);
        if (wanted < total / 2) {
            // the first pages (dashboards, top-N queries): keep the best `wanted` in a heap, O(n log k) not O(n log n)
            java.util.PriorityQueue<Entry> heap = new java.util.PriorityQueue<>((int) wanted + 1, order.reversed());
            for (Entry e : all) {
                heap.add(e);
                if (heap.size() > wanted) {
                    heap.poll();
                }
            }
            all = new ArrayList<>(heap);
        }
        all.sort(order);
        List<JsonObject> items = new ArrayList<>();
        for (int i = offset; i < all.size() && items.size() < limit; i++) {
            items.add(all.get(i).summary());
        }
        return new Page(items, total);
    }

    /**
     * The {@code k} highest anomaly scores (NaN where fewer streams have one), and how many streams are at or above
     * their own threshold, for bounded-cardinality meters (ranks, never stream ids).
     */
    public synchronized double[] topScores(int k) {
        double[] top = new double[k];
        java.util.Arrays.fill(top, Double.NaN);
        for (Entry e : streams.values()) {
            double v = e.score;
            if (Double.isNaN(v)) {
                continue;
            }
            for (int i = 0; i < k; i++) {
                if (Double.isNaN(top[i]) || v > top[i]) {
                    System.arraycopy(top, i, top, i + 1, k - i - 1);
                    top[i] = v;
                    break;
                }
            }
        }
        return top;
    }

    /** Streams whose latest anomaly score is at or above the threshold sent with it. */
    public synchronized int aboveThreshold() {
        int n = 0;
        for (Entry e : streams.values()) {
            if (e.latest.getValue("anomaly") instanceof JsonObject a) {
                double t = number(a.getValue("threshold"));
                if (!Double.isNaN(e.score) && !Double.isNaN(t) && e.score >= t) {
                    n++;
                }
            }
        }
        return n;
    }

    public synchronized int size() {
        return streams.size();
    }

    /** Streams evicted to respect the size cap. */
    public synchronized long evicted() {
        return evicted;
    }

    /** Prediction messages absorbed. */
    public synchronized long applied() {
        return applied;
    }

    /** Messages that were not usable predictions (no stream or timestamp), skipped. */
    public synchronized long refused() {
        return refused;
    }

    synchronized void countRefused() {
        refused++;
    }

    static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.NaN;
    }

    private static double firstSurprise(JsonObject p) {
        JsonArray s = p.getValue("surprise") instanceof JsonArray a ? a : null;
        if (s == null || s.isEmpty() || !(s.getValue(0) instanceof JsonObject first)) {
            return Double.NaN;
        }
        return number(first.getValue("nll"));
    }

    private static int[] horizons(JsonArray forecasts) {
        if (forecasts == null) {
            return new int[0];
        }
        int[] h = new int[forecasts.size()];
        for (int i = 0; i < h.length; i++) {
            h[i] = forecasts.getValue(i) instanceof JsonObject f && f.getValue("horizon") instanceof Number n
                    ? n.intValue() : 0;
        }
        return h;
    }

    private static final class Entry {
        final String id;
        JsonObject latest;
        long receivedAt;
        long order;
        double score = Double.NaN;
        double surprise = Double.NaN;
        Ring ring;

        Entry(String id) {
            this.id = id;
        }

        JsonObject summary() {
            JsonObject s = new JsonObject().put("stream", id).put("timestamp", latest.getValue("timestamp"))
                    .put("seq", latest.getValue("seq")).put("observation", latest.getValue("observation"))
                    .put("score", Double.isNaN(score) ? null : score)
                    .put("surprise", Double.isNaN(surprise) ? null : surprise).put("received_at", receivedAt);
            if (latest.getValue("anomaly") instanceof JsonObject a) {
                s.put("threshold", a.getValue("threshold"));
            }
            if (latest.getValue("vq") instanceof JsonObject vq) {
                s.put("vq_code", vq.getValue("code"));
            }
            if (latest.getValue("model") instanceof JsonObject m) {
                s.put("model", m.getValue("name"));
            }
            return s;
        }
    }

    /**
     * Recent points of one stream, stored column-wise (dimension 0 of each vector only: the charts show it). A point
     * as JSON: {@code {"t": ms, "seq": n, "x": value, "f": [[horizon, mean, lower, upper], ...], "score": s|null,
     * "threshold": s|null, "surprise": nll|null, "code": k|null}}.
     */
    static final class Ring {
        final int[] horizons;
        private final int capacity;
        private final long[] t;
        private final long[] seq;
        private final float[] x;
        private final float[] f;
        private final float[] score;
        private final float[] threshold;
        private final float[] surprise;
        private final int[] code;
        private int next;
        private int size;

        Ring(int capacity, int[] horizons) {
            this.capacity = capacity;
            this.horizons = horizons;
            t = new long[capacity];
            seq = new long[capacity];
            x = new float[capacity];
            f = new float[capacity * horizons.length * 3];
            score = new float[capacity];
            threshold = new float[capacity];
            surprise = new float[capacity];
            code = new int[capacity];
        }

        JsonObject add(JsonObject p, double firstSurprise) {
            int i = next;
            t[i] = ((Number) p.getValue("timestamp")).longValue();
            seq[i] = p.getValue("seq") instanceof Number n ? n.longValue() : -1;
            x[i] = first(p.getValue("observation"));
            JsonArray forecasts = p.getValue("forecasts") instanceof JsonArray a ? a : new JsonArray();
            for (int h = 0; h < horizons.length; h++) {
                JsonObject fc = forecasts.getValue(h) instanceof JsonObject o ? o : new JsonObject();
                int j = (i * horizons.length + h) * 3;
                f[j] = first(fc.getValue("mean"));
                f[j + 1] = first(fc.getValue("lower"));
                f[j + 2] = first(fc.getValue("upper"));
            }
            JsonObject a = p.getValue("anomaly") instanceof JsonObject o ? o : null;
            score[i] = a == null ? Float.NaN : (float) number(a.getValue("score"));
            threshold[i] = a == null ? Float.NaN : (float) number(a.getValue("threshold"));
            surprise[i] = (float) firstSurprise;
            JsonObject vq = p.getValue("vq") instanceof JsonObject o ? o : null;
            code[i] = vq != null && vq.getValue("code") instanceof Number n ? n.intValue() : -1;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
            return point(i);
        }

        JsonArray points() {
            JsonArray out = new JsonArray();
            int start = (next - size + capacity) % capacity;
            for (int k = 0; k < size; k++) {
                out.add(point((start + k) % capacity));
            }
            return out;
        }

        JsonObject point(int i) {
            JsonArray fs = new JsonArray();
            for (int h = 0; h < horizons.length; h++) {
                int j = (i * horizons.length + h) * 3;
                fs.add(new JsonArray().add(horizons[h]).add(finite(f[j])).add(finite(f[j + 1])).add(finite(f[j + 2])));
            }
            return new JsonObject().put("t", t[i]).put("seq", seq[i]).put("x", finite(x[i])).put("f", fs)
                    .put("score", finite(score[i])).put("threshold", finite(threshold[i]))
                    .put("surprise", finite(surprise[i])).put("code", code[i] < 0 ? null : code[i]);
        }

        private static Float finite(float v) {
            return Float.isFinite(v) ? v : null;
        }

        private static float first(Object array) {
            return array instanceof JsonArray a && !a.isEmpty() && a.getValue(0) instanceof Number n ? n.floatValue()
                    : Float.NaN;
        }
    }
}
