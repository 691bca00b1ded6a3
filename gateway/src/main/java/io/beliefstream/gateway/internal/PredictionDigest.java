package io.beliefstream.gateway.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.beliefstream.streams.PredictionSummary;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few fields of a prediction message ({@code beliefstream.prediction/v1}, docs/schemas.md) that the gateway's
 * view needs for its stream list, meters and chart points, read with one streaming pass over the bytes. The feed
 * reads every prediction of the topic, so building a {@code JsonObject} tree for each one cost more CPU than the
 * engine that wrote it; the tree is now built only when somebody asks for a stream's latest prediction or listens
 * to its live feed.
 *
 * <p>Unknown fields are skipped, so later minor versions of the schema still digest. A message without a string
 * {@code stream} or a numeric {@code timestamp} is not a usable prediction ({@link #parse} returns null).
 *
 * <p>The engine also attaches a binary summary of the same fields to every prediction record
 * ({@link PredictionSummary}); {@link #fromSummary} reads it in a fraction of the JSON pass's time, and the feed uses
 * the JSON only for records without one. Numbers the message holds as 32-bit floats (observation, forecasts, score,
 * surprise) are kept as floats, so both paths give the same values.
 */
final class PredictionDigest {
    /** FastDoubleParser (shaded in jackson-core): the same correctly rounded values as Double.parseDouble. */
    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.USE_FAST_DOUBLE_PARSER).build();

    String stream;
    long timestamp;
    boolean hasTimestamp;
    long seq = -1;
    boolean hasSeq;
    float[] observation;
    int[] horizons = new int[0];
    /** Dimension 0 of each horizon's mean, lower and upper bound, three floats per horizon, NaN when absent. */
    float[] forecasts = new float[0];
    boolean hasAnomaly;
    float score = Float.NaN;
    double threshold = Double.NaN;
    /** The {@code nll} of the first entry of {@code surprise}, NaN when absent. */
    float surprise = Float.NaN;
    boolean hasVq;
    int code = -1;
    String model;
    /** Read from the record's summary header rather than its JSON. */
    boolean fromSummary;

    private PredictionDigest() {}

    /**
     * The digest of one prediction record: from its summary header when it has a readable one, else from the JSON.
     *
     * @param summary the value of the record's {@link PredictionSummary#HEADER} header, or null
     * @return null when the record is not a usable prediction
     */
    static PredictionDigest of(byte[] key, byte[] value, byte[] summary) {
        PredictionDigest d = summary == null ? null : fromSummary(key, summary);
        return d != null ? d : parse(value);
    }

    /**
     * The digest of a prediction from the engine's binary summary (the record header {@link PredictionSummary#HEADER})
     * and the record key: the same values {@link #parse} reads from the JSON value, without tokenizing it.
     *
     * @return null when the key is missing or empty or the summary cannot be read (the caller then parses the JSON)
     */
    static PredictionDigest fromSummary(byte[] key, byte[] summary) {
        PredictionSummary s = PredictionSummary.decode(summary);
        if (s == null || key == null || key.length == 0) {
            return null;
        }
        PredictionDigest d = new PredictionDigest();
        d.stream = new String(key, StandardCharsets.UTF_8);
        d.timestamp = s.timestamp();
        d.hasTimestamp = true;
        d.seq = s.seq();
        d.hasSeq = true;
        d.observation = s.observation();
        d.horizons = s.horizons();
        d.forecasts = s.forecasts();
        d.hasAnomaly = s.hasAnomaly();
        d.score = s.score();
        d.threshold = s.hasAnomaly() ? s.threshold() : Double.NaN;
        d.surprise = s.surprise();
        d.hasVq = s.hasVq();
        d.code = s.hasVq() ? s.code() : -1;
        d.model = s.model();
        d.fromSummary = true;
        return d;
    }

    /** The digest of one message, or null when it is not JSON or lacks the stream id or the timestamp. */
    static PredictionDigest parse(byte[] value) {
        if (value == null) {
            return null;
        }
        PredictionDigest d = new PredictionDigest();
        try (JsonParser p = JSON.createParser(value)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            d.readTop(p);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return d.stream == null || d.stream.isEmpty() || !d.hasTimestamp ? null : d;
    }

    private void readTop(JsonParser p) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken t = p.nextToken();
            switch (name) {
                case "stream" -> stream = t == JsonToken.VALUE_STRING ? p.getText() : null;
                case "timestamp" -> {
                    hasTimestamp = t.isNumeric();
                    timestamp = hasTimestamp ? p.getLongValue() : 0;
                }
                case "seq" -> {
                    hasSeq = t.isNumeric();
                    seq = hasSeq ? p.getLongValue() : -1;
                }
                case "observation" -> {
                    observation = null;
                    section(p, t, JsonToken.START_ARRAY, q -> observation = readNumbers(q));
                }
                case "forecasts" -> section(p, t, JsonToken.START_ARRAY, this::readForecasts);
                case "surprise" -> section(p, t, JsonToken.START_ARRAY, this::readSurprise);
                case "anomaly" -> hasAnomaly = section(p, t, JsonToken.START_OBJECT, this::readAnomaly);
                case "vq" -> hasVq = section(p, t, JsonToken.START_OBJECT, this::readVq);
                case "model" -> section(p, t, JsonToken.START_OBJECT, this::readModel);
                default -> p.skipChildren();
            }
        }
    }

    /** Reads the value the parser stands at with {@code reader} when it starts with {@code start}, else skips it. */
    private static boolean section(JsonParser p, JsonToken t, JsonToken start, Reader reader) throws IOException {
        if (t != start) {
            p.skipChildren();
            return false;
        }
        reader.read(p);
        return true;
    }

    @FunctionalInterface
    private interface Reader {
        void read(JsonParser p) throws IOException;
    }

    private void readForecasts(JsonParser p) throws IOException {
        int n = 0;
        int[] h = new int[4];
        float[] f = new float[12];
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == h.length) {
                h = Arrays.copyOf(h, 2 * n);
                f = Arrays.copyOf(f, 6 * n);
            }
            f[3 * n] = Float.NaN;
            f[3 * n + 1] = Float.NaN;
            f[3 * n + 2] = Float.NaN;
            if (t == JsonToken.START_OBJECT) {
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken v = p.nextToken();
                    switch (name) {
                        case "horizon" -> h[n] = v.isNumeric() ? p.getIntValue() : 0;
                        case "mean" -> f[3 * n] = firstFloat(p, v);
                        case "lower" -> f[3 * n + 1] = firstFloat(p, v);
                        case "upper" -> f[3 * n + 2] = firstFloat(p, v);
                        default -> p.skipChildren();
                    }
                }
            } else {
                p.skipChildren();
            }
            n++;
        }
        horizons = Arrays.copyOf(h, n);
        forecasts = Arrays.copyOf(f, 3 * n);
    }

    private void readSurprise(JsonParser p) throws IOException {
        boolean first = true;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (first && t == JsonToken.START_OBJECT) {
                fields(p, (name, v) -> {
                    boolean read = name.equals("nll") && v.isNumeric();
                    surprise = read ? p.getFloatValue() : surprise;
                    return read;
                });
            } else {
                p.skipChildren();
            }
            first = false;
        }
    }

    private void readAnomaly(JsonParser p) throws IOException {
        fields(p, (name, v) -> {
            boolean number = v.isNumeric();
            if (number && name.equals("score")) {
                score = p.getFloatValue();
            } else if (number && name.equals("threshold")) {
                threshold = p.getDoubleValue();
            }
            return number;
        });
    }

    private void readVq(JsonParser p) throws IOException {
        fields(p, (name, v) -> {
            boolean read = name.equals("code") && v.isNumeric();
            code = read ? p.getIntValue() : code;
            return read;
        });
    }

    private void readModel(JsonParser p) throws IOException {
        fields(p, (name, v) -> {
            boolean read = name.equals("name") && v == JsonToken.VALUE_STRING;
            model = read ? p.getText() : model;
            return read;
        });
    }

    /** Reads an object's fields up to its end: {@code field} reads the value or returns false to have it skipped. */
    private static void fields(JsonParser p, Field field) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            if (!field.read(name, p.nextToken())) {
                p.skipChildren();
            }
        }
    }

    @FunctionalInterface
    private interface Field {
        boolean read(String name, JsonToken value) throws IOException;
    }

    /** The numbers of the array the parser stands at the start of; non-numbers become NaN. */
    private static float[] readNumbers(JsonParser p) throws IOException {
        float[] out = new float[1];
        int n = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (n == out.length) {
                out = Arrays.copyOf(out, 2 * n);
            }
            out[n++] = t.isNumeric() ? p.getFloatValue() : Float.NaN;
            p.skipChildren();
        }
        return Arrays.copyOf(out, n);
    }

    /** Dimension 0 of the number array at the parser's token, NaN when it is not a non-empty array of numbers. */
    private static float firstFloat(JsonParser p, JsonToken t) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return Float.NaN;
        }
        float first = Float.NaN;
        boolean atFirst = true;
        JsonToken v;
        while ((v = p.nextToken()) != JsonToken.END_ARRAY) {
            if (atFirst && v.isNumeric()) {
                first = p.getFloatValue();
            }
            atFirst = false;
            p.skipChildren();
        }
        return first;
    }
}
