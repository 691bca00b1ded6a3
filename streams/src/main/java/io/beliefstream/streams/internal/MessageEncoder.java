package io.beliefstream.streams.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.WindowResult;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.Observation;
import io.beliefstream.streams.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Writes the service's JSON messages (schemas in {@link Schemas}, documented in docs/schemas.md). Not thread-safe. */
public final class MessageEncoder {
    private final JsonFactory json = new JsonFactory();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    /** The anomaly evidence of one batch, preallocated by the engine; row {@code b} belongs to stream {@code b}. */
    public static final class Scores {
        final int components;
        final float[] raw;
        final float[] calibrated;
        final float[] combined;
        final double[] tail;

        public Scores(int maxBatch, int components) {
            this.components = components;
            this.raw = new float[maxBatch * components];
            this.calibrated = new float[maxBatch * components];
            this.combined = new float[maxBatch];
            this.tail = new double[maxBatch];
        }
    }

    /**
     * A prediction for the observation {@code o}, from row {@code b} of the forecaster's result {@code r}, the
     * scorer's result {@code w} (or {@code null}) and the anomaly scores.
     */
    public byte[] prediction(Observation o, long sequence, ModelSet models, StepResult r, WindowResult w, Scores scores,
            int b) {
        ModelInfo model = models.forecaster().info();
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("schema", Schemas.PREDICTION_V1);
            g.writeStringField("stream", o.streamId());
            g.writeNumberField("timestamp", o.timestamp());
            g.writeNumberField("seq", sequence);
            g.writeFieldName("observation");
            writeFloats(g, o.values(), 0, o.values().length);
            g.writeObjectFieldStart("model");
            g.writeStringField("name", model.name());
            g.writeStringField("version", model.version());
            if (models.scorer() != null) {
                g.writeObjectFieldStart("scorer");
                g.writeStringField("name", models.scorer().info().name());
                g.writeStringField("version", models.scorer().info().version());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("interval_level", model.intervalLevel());
            int dim = model.inputDim();
            g.writeArrayFieldStart("forecasts");
            for (int h = 0; h < model.horizonCount(); h++) {
                g.writeStartObject();
                g.writeNumberField("horizon", model.horizon(h));
                int i = r.forecastIndex(b, h, 0);
                g.writeFieldName("mean");
                writeFloats(g, r.mean, i, dim);
                g.writeFieldName("lower");
                writeFloats(g, r.lower, i, dim);
                g.writeFieldName("upper");
                writeFloats(g, r.upper, i, dim);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("surprise");
            for (int h = 0; h < model.horizonCount(); h++) {
                g.writeStartObject();
                g.writeNumberField("horizon", model.horizon(h));
                float s = r.surprise[r.surpriseIndex(b, h)];
                g.writeFieldName("nll");
                if (!Float.isFinite(s)) {
                    g.writeNull();
                } else {
                    g.writeNumber(s);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            int c = scores.components;
            g.writeObjectFieldStart("anomaly");
            writeNumber(g, "score", scores.combined[b]);
            g.writeNumberField("threshold", models.anomalyThreshold());
            g.writeBooleanField("flag", scores.combined[b] >= models.anomalyThreshold());
            if (Double.isFinite(scores.tail[b])) {
                g.writeNumberField("tail", scores.tail[b]);
            } else {
                g.writeNullField("tail");
            }
            g.writeObjectFieldStart("components");
            writeNumber(g, "surprise", scores.calibrated[b * c]);
            if (c > 1) {
                writeNumber(g, "reconstruction", scores.calibrated[b * c + 1]);
            }
            g.writeEndObject();
            g.writeObjectFieldStart("raw");
            writeNumber(g, "surprise_nll", scores.raw[b * c]);
            if (c > 1) {
                writeNumber(g, "reconstruction_error", scores.raw[b * c + 1]);
            }
            g.writeEndObject();
            g.writeEndObject();
            if (w != null) {
                g.writeObjectFieldStart("vq");
                if (w.code[b] >= 0) {
                    g.writeNumberField("code", w.code[b]);
                } else {
                    g.writeNullField("code");
                }
                writeNumber(g, "reconstruction_error", w.error[b]);
                writeNumber(g, "reconstruction", w.lastValue[b]);
                g.writeEndObject();
            }
            g.writeObjectFieldStart("source");
            g.writeNumberField("partition", o.partition());
            g.writeNumberField("offset", o.offset());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** A dead letter for a refused record, carrying the original key and value losslessly. */
    public byte[] deadLetter(DeadLetterReason reason, String detail, String topic, int partition, long offset,
            long recordTimestamp, byte[] key, byte[] value) {
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("schema", Schemas.DEAD_LETTER_V1);
            g.writeStringField("reason", reason.name());
            g.writeStringField("detail", detail);
            g.writeObjectFieldStart("source");
            g.writeStringField("topic", topic);
            g.writeNumberField("partition", partition);
            g.writeNumberField("offset", offset);
            g.writeNumberField("timestamp", recordTimestamp);
            g.writeEndObject();
            writeBytes(g, "key", key);
            writeBytes(g, "value", value);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeBytes(JsonGenerator g, String field, byte[] bytes) throws IOException {
        if (bytes == null) {
            g.writeNullField(field + "_base64");
            return;
        }
        g.writeStringField(field + "_base64", Base64.getEncoder().encodeToString(bytes));
        // a readable copy when the bytes are valid UTF-8 (the base64 field is the lossless one)
        String text = new String(bytes, StandardCharsets.UTF_8);
        if (java.util.Arrays.equals(text.getBytes(StandardCharsets.UTF_8), bytes) && bytes.length <= 4096) {
            g.writeStringField(field + "_text", text);
        }
    }

    private static void writeNumber(JsonGenerator g, String field, float v) throws IOException {
        if (Float.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }

    private static void writeFloats(JsonGenerator g, float[] a, int from, int n) throws IOException {
        g.writeStartArray();
        for (int i = 0; i < n; i++) {
            float v = a[from + i];
            if (Float.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull(); // JSON has no NaN or infinity
            }
        }
        g.writeEndArray();
    }
}
