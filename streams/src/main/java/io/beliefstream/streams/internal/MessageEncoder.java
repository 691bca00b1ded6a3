package io.beliefstream.streams.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.NumberOutput;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.WindowResult;
import io.beliefstream.models.score.AnomalyComponent;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.Observation;
import io.beliefstream.streams.PredictionSummary;
import io.beliefstream.streams.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/** Writes the service's JSON messages (schemas in {@link Schemas}, documented in docs/schemas.md). Not thread-safe. */
public final class MessageEncoder {
    // the fixed JSON between a prediction's values, each with its separators
    private static final byte[] F_TIMESTAMP_ = ascii(",\"timestamp\":");
    private static final byte[] F_SEQ_ = ascii(",\"seq\":");
    private static final byte[] F_OBSERVATION_ = ascii(",\"observation\":");
    private static final byte[] F_LOWER_ = ascii(",\"lower\":");
    private static final byte[] F_UPPER_ = ascii(",\"upper\":");
    private static final byte[] F_SURPRISE_ARRAY_ = ascii("],\"surprise\":[");
    private static final byte[] F_ANOMALY_SCORE_ = ascii("],\"anomaly\":{\"score\":");
    private static final byte[] F_RECONSTRUCTION_ERROR_ = ascii(",\"reconstruction_error\":");
    private static final byte[] F_RECONSTRUCTION_ = ascii(",\"reconstruction\":");
    private static final byte[] F_VQ_CODE_ = ascii(",\"vq\":{\"code\":");
    private static final byte[] F_SOURCE_PARTITION_ = ascii(",\"source\":{\"partition\":");
    private static final byte[] F_OFFSET_ = ascii(",\"offset\":");
    private static final byte[] OBJECT_END = ascii("}");
    private static final byte[] OBJECT_END_END = ascii("}}");
    private static final byte[] F_DIMENSIONS_ = ascii("},\"dimensions\":[");
    private static final byte[] F_DIM_ = ascii("{\"dim\":");
    private static final byte[] F_NEXT_DIM_ = ascii(",{\"dim\":");
    private static final byte[] F_SHARE_ = ascii(",\"share\":");
    private static final byte[] ARRAY_END_END = ascii("]}");
    /** Most dimensions a prediction names in {@code anomaly.dimensions}. */
    public static final int BLAMED_DIMENSIONS = 3;
    private final int[] blamed = new int[BLAMED_DIMENSIONS];
    private static final byte[] NULL = ascii("null");
    /** Floats and doubles written with the shortest-round-trip (Schubfach) writer, several times faster. */
    private final JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);
    private final ByteSink sink = new ByteSink();
    private Fragments fragments;

    /** The anomaly evidence of one batch, preallocated by the engine; row {@code b} belongs to stream {@code b}. */
    public static final class Scores {
        final int components;
        final float[] raw;
        final float[] calibrated;
        final float[] combined;
        final double[] tail;
        /** The observations' dimension. */
        final int dims;
        /** Each dimension's share of the anomaly, {@code batch × dims}; {@code null} for univariate streams. */
        final float[] shares;

        public Scores(int maxBatch, int components) {
            this(maxBatch, components, 1);
        }

        public Scores(int maxBatch, int components, int dims) {
            this.components = components;
            this.raw = new float[maxBatch * components];
            this.calibrated = new float[maxBatch * components];
            this.combined = new float[maxBatch];
            this.tail = new double[maxBatch];
            this.dims = dims;
            this.shares = dims > 1 ? new float[maxBatch * dims] : null;
        }
    }

    /**
     * A prediction for the observation {@code o}, from row {@code b} of the forecaster's result {@code r}, the
     * scorer's result {@code w} (or {@code null}) and the anomaly scores.
     *
     * <p>Written straight into a reused byte buffer rather than through a Jackson generator (which cost more than the
     * last-value model's step): the parts that depend only on the models (model names, interval level, threshold,
     * horizons) are rendered once per {@link ModelSet} by Jackson itself, floats by {@link FloatFormat} (the same
     * Schubfach digits as Jackson's writer, without a String) and doubles by Jackson's writer, so the bytes are those
     * the generator wrote (checked against it by the tests).
     */
    public byte[] prediction(Observation o, long sequence, ModelSet models, StepResult r, WindowResult w, Scores scores,
            int b) {
        Fragments f = fragments(models);
        ModelInfo model = models.forecaster().info();
        ByteSink s = sink;
        s.reset();
        s.raw(f.head);
        s.string(o.streamId(), json);
        s.raw(F_TIMESTAMP_);
        s.number(o.timestamp());
        s.raw(F_SEQ_);
        s.number(sequence);
        s.raw(F_OBSERVATION_);
        s.floats(o.values(), 0, o.values().length);
        s.raw(f.modelToForecasts);
        int dim = model.inputDim();
        for (int h = 0; h < model.horizonCount(); h++) {
            int i = r.forecastIndex(b, h, 0);
            s.raw(f.forecastHorizon[h]);
            s.floats(r.mean, i, dim);
            s.raw(F_LOWER_);
            s.floats(r.lower, i, dim);
            s.raw(F_UPPER_);
            s.floats(r.upper, i, dim);
            s.raw(OBJECT_END);
        }
        s.raw(F_SURPRISE_ARRAY_);
        for (int h = 0; h < model.horizonCount(); h++) {
            s.raw(f.surpriseHorizon[h]);
            s.floatOrNull(r.surprise[r.surpriseIndex(b, h)]);
            s.raw(OBJECT_END);
        }
        int c = scores.components;
        s.raw(F_ANOMALY_SCORE_);
        s.floatOrNull(scores.combined[b]);
        s.raw(scores.combined[b] >= models.anomalyThreshold() ? f.thresholdFlagTrue : f.thresholdFlagFalse);
        if (Double.isFinite(scores.tail[b])) {
            s.number(scores.tail[b]);
        } else {
            s.raw(NULL);
        }
        for (int i = 0; i < c; i++) {
            s.raw(f.componentKey[i]);
            s.floatOrNull(scores.calibrated[b * c + i]);
        }
        for (int i = 0; i < c; i++) {
            s.raw(f.rawKey[i]);
            s.floatOrNull(scores.raw[b * c + i]);
        }
        if (scores.shares != null) {
            s.raw(F_DIMENSIONS_);
            int k = topDimensions(scores.shares, b * scores.dims, scores.dims);
            for (int j = 0; j < k; j++) {
                s.raw(j == 0 ? F_DIM_ : F_NEXT_DIM_);
                s.number(blamed[j]);
                s.raw(F_SHARE_);
                s.floatOrNull(scores.shares[b * scores.dims + blamed[j]]);
                s.raw(OBJECT_END);
            }
            s.raw(ARRAY_END_END);
        } else {
            s.raw(OBJECT_END_END);
        }
        if (w != null) {
            // a multivariate stream's scorer rows are its dimensions: the vq section is dimension 0's window
            int wr = b * Math.max(1, models.scorerRows());
            s.raw(F_VQ_CODE_);
            if (w.code[wr] >= 0) {
                s.number(w.code[wr]);
            } else {
                s.raw(NULL);
            }
            s.raw(F_RECONSTRUCTION_ERROR_);
            s.floatOrNull(w.error[wr]);
            s.raw(F_RECONSTRUCTION_);
            s.floatOrNull(w.lastValue[wr]);
            s.raw(OBJECT_END);
        }
        s.raw(F_SOURCE_PARTITION_);
        s.number(o.partition());
        s.raw(F_OFFSET_);
        s.number(o.offset());
        s.raw(OBJECT_END_END);
        return s.toByteArray();
    }

    /**
     * The {@link PredictionSummary} of the prediction {@link #prediction} writes for the same arguments, encoded: the
     * same 32-bit values, NaN where the JSON has {@code null} (non-finite floats), -1 for a missing code. Null when
     * the summary's layout cannot hold it (see {@link PredictionSummary#encode}).
     */
    public byte[] summary(Observation o, long sequence, ModelSet models, StepResult r, WindowResult w, Scores scores,
            int b) {
        ModelInfo model = models.forecaster().info();
        float[] values = o.values();
        float[] observation = new float[values.length];
        for (int i = 0; i < values.length; i++) {
            observation[i] = finiteOrNaN(values[i]);
        }
        int horizons = model.horizonCount();
        float[] forecasts = new float[3 * horizons];
        for (int h = 0; h < horizons; h++) {
            int i = r.forecastIndex(b, h, 0);
            forecasts[3 * h] = finiteOrNaN(r.mean[i]);
            forecasts[3 * h + 1] = finiteOrNaN(r.lower[i]);
            forecasts[3 * h + 2] = finiteOrNaN(r.upper[i]);
        }
        float surprise = horizons == 0 ? Float.NaN : finiteOrNaN(r.surprise[r.surpriseIndex(b, 0)]);
        int wr = b * Math.max(1, models.scorerRows());
        int code = w == null || w.code[wr] < 0 ? -1 : w.code[wr];
        return new PredictionSummary(o.timestamp(), sequence, observation, model.horizons(), forecasts, true,
                finiteOrNaN(scores.combined[b]), models.anomalyThreshold(), surprise, w != null, code, model.name())
                .encode();
    }

    /**
     * Picks into {@link #blamed} the (at most {@link #BLAMED_DIMENSIONS}) dimensions with the largest positive shares
     * in {@code shares[off .. off + dims)}, largest first, ties to the lower index; returns how many.
     */
    private int topDimensions(float[] shares, int off, int dims) {
        int k = 0;
        while (k < BLAMED_DIMENSIONS) {
            int best = -1;
            for (int d = 0; d < dims; d++) {
                float v = shares[off + d];
                if (v > 0 && (best < 0 || v > shares[off + best]) && !taken(d, k)) {
                    best = d;
                }
            }
            if (best < 0) {
                break;
            }
            blamed[k++] = best;
        }
        return k;
    }

    private boolean taken(int d, int k) {
        for (int j = 0; j < k; j++) {
            if (blamed[j] == d) {
                return true;
            }
        }
        return false;
    }

    private static float finiteOrNaN(float v) {
        return Float.isFinite(v) ? v : Float.NaN;
    }

    /** The parts of a prediction that depend only on the models, rendered by Jackson once per {@link ModelSet}. */
    private static final class Fragments {
        final ModelSet models;
        /** {@code {"schema":"...","stream":} */
        final byte[] head;
        /** {@code ,"model":{...},"interval_level":x,"forecasts":[} */
        final byte[] modelToForecasts;
        /** Per horizon: {@code {"horizon":h,"mean":} (preceded by a comma after the first). */
        final byte[][] forecastHorizon;
        /** Per horizon: {@code {"horizon":h,"nll":} (preceded by a comma after the first). */
        final byte[][] surpriseHorizon;
        /** {@code ,"threshold":x,"flag":true,"tail":} and the same with false. */
        final byte[] thresholdFlagTrue;
        final byte[] thresholdFlagFalse;
        /**
         * Per anomaly component: {@code ,"components":{"name":} for the first, {@code ,"name":} after it; and the same
         * for its raw score, opening {@code },"raw":{}.
         */
        final byte[][] componentKey;
        final byte[][] rawKey;

        Fragments(ModelSet models, JsonFactory json) {
            this.models = models;
            ModelInfo model = models.forecaster().info();
            this.head = concat(ascii("{\"schema\":"), jsonString(json, Schemas.PREDICTION_V1), ascii(",\"stream\":"));
            byte[] scorer = models.scorer() == null ? new byte[0] : concat(ascii(",\"scorer\":{\"name\":"),
                    jsonString(json, models.scorer().info().name()), ascii(",\"version\":"),
                    jsonString(json, models.scorer().info().version()), ascii("}"));
            this.modelToForecasts = concat(ascii(",\"model\":{\"name\":"), jsonString(json, model.name()),
                    ascii(",\"version\":"), jsonString(json, model.version()), scorer,
                    ascii("},\"interval_level\":" + NumberOutput.toString(model.intervalLevel(), true)
                            + ",\"forecasts\":["));
            this.forecastHorizon = new byte[model.horizonCount()][];
            this.surpriseHorizon = new byte[model.horizonCount()][];
            for (int h = 0; h < model.horizonCount(); h++) {
                String sep = h == 0 ? "" : ",";
                forecastHorizon[h] = ascii(sep + "{\"horizon\":" + model.horizon(h) + ",\"mean\":");
                surpriseHorizon[h] = ascii(sep + "{\"horizon\":" + model.horizon(h) + ",\"nll\":");
            }
            String threshold = ",\"threshold\":" + NumberOutput.toString(models.anomalyThreshold(), true);
            this.thresholdFlagTrue = ascii(threshold + ",\"flag\":true,\"tail\":");
            this.thresholdFlagFalse = ascii(threshold + ",\"flag\":false,\"tail\":");
            List<AnomalyComponent> components = models.components();
            this.componentKey = new byte[components.size()][];
            this.rawKey = new byte[components.size()][];
            for (int i = 0; i < components.size(); i++) {
                componentKey[i] = concat(ascii(i == 0 ? ",\"components\":{" : ","),
                        jsonString(json, components.get(i).name()), ascii(":"));
                rawKey[i] = concat(ascii(i == 0 ? "},\"raw\":{" : ","), jsonString(json, components.get(i).rawName()),
                        ascii(":"));
            }
        }
    }

    private Fragments fragments(ModelSet models) {
        Fragments f = fragments;
        if (f == null || f.models != models) {
            f = new Fragments(models, json);
            fragments = f;
        }
        return f;
    }

    /** {@code s} as a JSON string literal in UTF-8, quoted and escaped by Jackson's UTF-8 generator. */
    private static byte[] jsonString(JsonFactory json, String s) {
        ByteArrayBuilder out = new ByteArrayBuilder(s.length() + 16);
        try (JsonGenerator g = json.createGenerator(out, JsonEncoding.UTF8)) {
            g.writeString(s);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A growable byte buffer with the few JSON writes a prediction needs. Strings are copied through when every char is
     * printable ASCII other than quote and backslash (what Jackson writes unchanged), else written by Jackson's UTF-8
     * generator (its escapes, including those of surrogate pairs). Finite floats are written by {@link FloatFormat}
     * and doubles by Jackson's Schubfach writer ({@link NumberOutput}), the one {@code USE_FAST_DOUBLE_WRITER}
     * selects; both give the characters that writer gives.
     */
    private static final class ByteSink {
        private byte[] buf = new byte[1024];
        private int pos;

        void reset() {
            pos = 0;
        }

        private void ensure(int n) {
            if (pos + n > buf.length) {
                buf = java.util.Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
            }
        }

        void raw(byte[] b) {
            ensure(b.length);
            System.arraycopy(b, 0, buf, pos, b.length);
            pos += b.length;
        }

        /**
         * Appends an ASCII string (a formatted number). {@link String#getBytes(int, int, byte[], int)} keeps the low
         * byte of each char, which is the character for ASCII, and copies a compact (Latin-1) string's bytes in one
         * array copy (a charAt loop here was 4% of the engine thread while floats went through it).
         */
        @SuppressWarnings("deprecation")
        private void asciiChars(String s) {
            int n = s.length();
            ensure(n);
            s.getBytes(0, n, buf, pos);
            pos += n;
        }

        void string(String s, JsonFactory json) {
            int n = s.length();
            for (int i = 0; i < n; i++) {
                char ch = s.charAt(i);
                if (ch < 0x20 || ch > 0x7E || ch == '"' || ch == '\\') {
                    raw(jsonString(json, s));
                    return;
                }
            }
            ensure(n + 2);
            buf[pos++] = '"';
            asciiChars(s);
            buf[pos++] = '"';
        }

        /** A long's decimal digits, written in place (what {@code Long.toString} gives, without the string). */
        void number(long v) {
            if (v == Long.MIN_VALUE) {
                asciiChars(Long.toString(v));
                return;
            }
            ensure(20);
            if (v < 0) {
                buf[pos++] = '-';
                v = -v;
            }
            int digits = 1;
            for (long t = v; t >= 10; t /= 10) {
                digits++;
            }
            for (int i = pos + digits - 1; i >= pos; i--) {
                buf[i] = (byte) ('0' + v % 10);
                v /= 10;
            }
            pos += digits;
        }

        void number(double v) {
            asciiChars(NumberOutput.toString(v, true));
        }

        void floatOrNull(float v) {
            if (Float.isFinite(v)) {
                ensure(FloatFormat.MAX_CHARS);
                pos = FloatFormat.write(v, buf, pos); // the characters of NumberOutput.toString(v, true)
            } else {
                raw(NULL); // JSON has no NaN or infinity
            }
        }

        void floats(float[] a, int from, int n) {
            ensure(1);
            buf[pos++] = '[';
            for (int i = 0; i < n; i++) {
                if (i > 0) {
                    ensure(1);
                    buf[pos++] = ',';
                }
                floatOrNull(a[from + i]);
            }
            ensure(1);
            buf[pos++] = ']';
        }

        byte[] toByteArray() {
            return java.util.Arrays.copyOf(buf, pos);
        }
    }

    /** Most bytes of the original value a dead letter carries (base64: 4/3 of that). */
    public static final int DEAD_LETTER_VALUE_BYTES = 256 * 1024;
    /** Most bytes of the original key a dead letter carries (a valid key is at most 256). */
    public static final int DEAD_LETTER_KEY_BYTES = 1024;
    /** Most characters of the detail sentence. */
    public static final int DEAD_LETTER_DETAIL_CHARS = 1024;
    /**
     * Upper bound of a dead letter's serialised size whatever the input: half the producer's default
     * {@code max.request.size} (1 MiB), so a dead letter always fits one produce request with its key and headers.
     * The sum of its parts: base64 of the value (349,528 bytes) and key (1,368), the detail, the topic name (≤ 249)
     * and the value and key texts (≤ 4,096 and 1,024 bytes) with JSON escaping (at most 6 bytes per character),
     * about 390 KiB.
     */
    public static final int MAX_DEAD_LETTER_BYTES = 512 * 1024;

    /**
     * A dead letter for a refused record, carrying the original key and value, losslessly when they are at most
     * {@link #DEAD_LETTER_KEY_BYTES} and {@link #DEAD_LETTER_VALUE_BYTES}; longer ones are cut to that many leading
     * bytes, and {@code original_truncated}, {@code original_key_bytes} and {@code original_value_bytes} say so. The
     * result is at most {@link #MAX_DEAD_LETTER_BYTES} whatever the input.
     */
    public byte[] deadLetter(DeadLetterReason reason, String detail, String topic, int partition, long offset,
            long recordTimestamp, byte[] key, byte[] value) {
        boolean keyCut = key != null && key.length > DEAD_LETTER_KEY_BYTES;
        boolean valueCut = value != null && value.length > DEAD_LETTER_VALUE_BYTES;
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("schema", Schemas.DEAD_LETTER_V1);
            g.writeStringField("reason", reason.name());
            g.writeStringField("detail", ObservationDecoder.quote(detail == null ? "" : detail,
                    DEAD_LETTER_DETAIL_CHARS));
            g.writeObjectFieldStart("source");
            g.writeStringField("topic", topic);
            g.writeNumberField("partition", partition);
            g.writeNumberField("offset", offset);
            g.writeNumberField("timestamp", recordTimestamp);
            g.writeEndObject();
            writeBytes(g, "key", key, DEAD_LETTER_KEY_BYTES);
            writeBytes(g, "value", value, DEAD_LETTER_VALUE_BYTES);
            if (keyCut || valueCut) {
                g.writeBooleanField("original_truncated", true);
                g.writeNumberField("original_key_bytes", key == null ? 0 : key.length);
                g.writeNumberField("original_value_bytes", value == null ? 0 : value.length);
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /**
     * The key of a dead-letter record: the original key when it could be a stream id (at most
     * {@link ObservationDecoder#MAX_KEY_BYTES}), otherwise none (its leading bytes are in {@code key_base64}).
     */
    public static byte[] deadLetterKey(byte[] key) {
        return key != null && key.length <= ObservationDecoder.MAX_KEY_BYTES ? key : null;
    }

    /** {@code bytes} as {@code <field>_base64}, cut to {@code max} bytes, and as {@code <field>_text} when whole. */
    private static void writeBytes(JsonGenerator g, String field, byte[] bytes, int max) throws IOException {
        if (bytes == null) {
            g.writeNullField(field + "_base64");
            return;
        }
        int n = Math.min(bytes.length, max);
        g.writeStringField(field + "_base64", Base64.getEncoder().encodeToString(
                n == bytes.length ? bytes : java.util.Arrays.copyOf(bytes, n)));
        // a readable copy when the bytes are whole and valid UTF-8 (the base64 field is the lossless one)
        if (n == bytes.length && bytes.length <= 4096) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes)) {
                g.writeStringField(field + "_text", text);
            }
        }
    }
}
