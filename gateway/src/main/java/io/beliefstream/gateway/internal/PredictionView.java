package io.beliefstream.gateway.internal;

import io.vertx.core.buffer.Buffer;
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
 * the stream updated least recently is evicted (and counted). The latest prediction is kept as the message's bytes
 * (≈ 0.7 KB with 3 horizons) plus a digest of the fields the list and meters need (≈ 0.3 KB); the chart ring costs
 * {@code pointsPerStream × (36 + 12·horizons)} bytes: about 100 MB in all for 10,000 streams of 120 points and 3 horizons.
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
    private long summarised;
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
     * {@code vq} sections). Convenience form of {@link #apply(byte[], long)} for callers that hold a tree.
     *
     * @return the chart point it adds (see {@link Ring#point}), or empty when the message is not a usable prediction
     */
    public Optional<JsonObject> apply(JsonObject prediction, long receivedAtMillis) {
        return apply(prediction.toBuffer().getBytes(), receivedAtMillis);
    }

    /**
     * Absorbs one prediction message as read from the topic.
     *
     * @return the chart point it adds (see {@link Ring#point}), or empty when the message is not a usable prediction
     */
    public Optional<JsonObject> apply(byte[] value, long receivedAtMillis) {
        PredictionDigest d = PredictionDigest.parse(value);
        if (d == null) {
            countRefused();
            return Optional.empty();
        }
        return Optional.of(apply(d, value, receivedAtMillis, true));
    }

    /**
     * Absorbs one prediction message as read from the topic without building its chart point (the feed's path for
     * streams nobody listens to).
     *
     * @return false when the message is not a usable prediction (counted as refused)
     */
    public boolean absorb(byte[] value, long receivedAtMillis) {
        return absorb(null, value, null, receivedAtMillis);
    }

    /**
     * Absorbs one prediction record as read from the topic, digested from its summary header
     * ({@link io.beliefstream.streams.PredictionSummary}) when {@code summary} is readable, else from the JSON value,
     * without building its chart point.
     *
     * @return false when the record is not a usable prediction (counted as refused)
     */
    public boolean absorb(byte[] key, byte[] value, byte[] summary, long receivedAtMillis) {
        PredictionDigest d = PredictionDigest.of(key, value, summary);
        if (d == null) {
            countRefused();
            return false;
        }
        apply(d, value, receivedAtMillis, false);
        return true;
    }

    /**
     * Absorbs a prediction already digested from {@code value} (which the view keeps, unparsed, as the stream's
     * latest message). Builds the chart point only when {@code wantPoint}: the feed asks for it only for streams
     * somebody listens to.
     */
    synchronized JsonObject apply(PredictionDigest d, byte[] value, long receivedAtMillis, boolean wantPoint) {
        Entry e = streams.remove(d.stream);
        if (e == null) {
            e = new Entry(d.stream);
            if (streams.size() >= maxStreams) {
                Iterator<Map.Entry<String, Entry>> eldest = streams.entrySet().iterator();
                eldest.next();
                eldest.remove();
                evicted++;
            }
        }
        streams.put(d.stream, e);
        e.latest = value;
        e.digest = d;
        e.receivedAt = receivedAtMillis;
        e.order = ++clock;
        applied++;
        summarised += d.fromSummary ? 1 : 0;
        if (e.ring == null || !java.util.Arrays.equals(e.ring.horizons, d.horizons)) {
            e.ring = new Ring(points, d.horizons);
        }
        int i = e.ring.add(d);
        return wantPoint ? e.ring.point(i) : null;
    }

    /** The latest prediction of {@code id}, as published, with {@code received_at} added. */
    public synchronized Optional<JsonObject> latest(String id) {
        Entry e = streams.get(id);
        return e == null ? Optional.empty()
                : Optional.of(new JsonObject(Buffer.buffer(e.latest)).put("received_at", e.receivedAt));
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
            case SCORE -> Comparator.comparingDouble((Entry x) -> orLowest(x.digest.score)).reversed()
                    .thenComparing(Comparator.comparingDouble((Entry x) -> orLowest(x.digest.surprise)).reversed())
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
     * their own threshold, for bounded-cardinality meters (ranks, never stream ids). Scores are 32-bit floats; each is
     * returned as the double nearest to its shortest decimal form, the number the prediction message shows.
     */
    public synchronized double[] topScores(int k) {
        double[] top = new double[k];
        java.util.Arrays.fill(top, Double.NaN);
        for (Entry e : streams.values()) {
            double v = e.digest.score;
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
        for (int i = 0; i < k && !Double.isNaN(top[i]); i++) {
            // the decimal the message shows: 0.99, not 0.9900000095
            top[i] = Double.parseDouble(Float.toString((float) top[i]));
        }
        return top;
    }

    /** Streams whose latest anomaly score is at or above the threshold sent with it. */
    public synchronized int aboveThreshold() {
        int n = 0;
        for (Entry e : streams.values()) {
            PredictionDigest d = e.digest;
            if (d.hasAnomaly && !Double.isNaN(d.score) && !Double.isNaN(d.threshold) && d.score >= d.threshold) {
                n++;
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
    /** Of the {@link #applied} messages, those digested from their summary header rather than their JSON. */
    public synchronized long summarised() {
        return summarised;
    }

    public synchronized long refused() {
        return refused;
    }

    synchronized void countRefused() {
        refused++;
    }

    private static double orLowest(double v) {
        return Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
    }

    private static final class Entry {
        final String id;
        /** The latest prediction message of the stream, as read from the topic (parsed only on request). */
        byte[] latest;
        PredictionDigest digest;
        long receivedAt;
        long order;
        Ring ring;

        Entry(String id) {
            this.id = id;
        }

        JsonObject summary() {
            PredictionDigest d = digest;
            JsonArray observation = null;
            if (d.observation != null) {
                observation = new JsonArray();
                for (float v : d.observation) {
                    observation.add(Float.isNaN(v) ? null : v);
                }
            }
            JsonObject s = new JsonObject().put("stream", id).put("timestamp", d.timestamp)
                    .put("seq", d.hasSeq ? d.seq : null).put("observation", observation)
                    .put("score", nullIfNaN(d.score)).put("surprise", nullIfNaN(d.surprise))
                    .put("received_at", receivedAt);
            if (d.hasAnomaly) {
                s.put("threshold", nullIfNaN(d.threshold));
            }
            if (d.hasVq) {
                s.put("vq_code", d.code < 0 ? null : d.code);
            }
            if (d.model != null) {
                s.put("model", d.model);
            }
            return s;
        }

        private static Double nullIfNaN(double v) {
            return Double.isNaN(v) ? null : v;
        }

        private static Float nullIfNaN(float v) {
            return Float.isNaN(v) ? null : v;
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

        /** Appends the digest's point and returns its slot. */
        int add(PredictionDigest d) {
            int i = next;
            t[i] = d.timestamp;
            seq[i] = d.seq;
            x[i] = d.observation != null && d.observation.length > 0 ? (float) d.observation[0] : Float.NaN;
            System.arraycopy(d.forecasts, 0, f, i * horizons.length * 3, horizons.length * 3);
            score[i] = d.hasAnomaly ? (float) d.score : Float.NaN;
            threshold[i] = d.hasAnomaly ? (float) d.threshold : Float.NaN;
            surprise[i] = (float) d.surprise;
            code[i] = d.hasVq ? d.code : -1;
            next = (next + 1) % capacity;
            size = Math.min(size + 1, capacity);
            return i;
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
    }
}
