package io.beliefstream.streams.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.beliefstream.models.ModelInfo;
import io.beliefstream.models.StepResult;
import io.beliefstream.models.WindowResult;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Observation;
import io.beliefstream.streams.Schemas;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The prediction writer as it was before the engine wrote predictions itself: Jackson's streaming generator, kept as
 * the reference the hand-written {@link MessageEncoder#prediction} must match byte for byte.
 */
final class JacksonPredictionReference {
    // field names pre-encoded once: the generator copies their bytes instead of escaping them per message
    private static final SerializedString F_ANOMALY = new SerializedString("anomaly");
    private static final SerializedString F_CODE = new SerializedString("code");
    private static final SerializedString F_COMPONENTS = new SerializedString("components");
    private static final SerializedString F_FLAG = new SerializedString("flag");
    private static final SerializedString F_FORECASTS = new SerializedString("forecasts");
    private static final SerializedString F_HORIZON = new SerializedString("horizon");
    private static final SerializedString F_INTERVAL_LEVEL = new SerializedString("interval_level");
    private static final SerializedString F_LOWER = new SerializedString("lower");
    private static final SerializedString F_MEAN = new SerializedString("mean");
    private static final SerializedString F_MODEL = new SerializedString("model");
    private static final SerializedString F_NAME = new SerializedString("name");
    private static final SerializedString F_NLL = new SerializedString("nll");
    private static final SerializedString F_OBSERVATION = new SerializedString("observation");
    private static final SerializedString F_OFFSET = new SerializedString("offset");
    private static final SerializedString F_PARTITION = new SerializedString("partition");
    private static final SerializedString F_RAW = new SerializedString("raw");
    private static final SerializedString F_RECONSTRUCTION = new SerializedString("reconstruction");
    private static final SerializedString F_RECONSTRUCTION_ERROR = new SerializedString("reconstruction_error");
    private static final SerializedString F_SCHEMA = new SerializedString("schema");
    private static final SerializedString F_SCORE = new SerializedString("score");
    private static final SerializedString F_SCORER = new SerializedString("scorer");
    private static final SerializedString F_SEQ = new SerializedString("seq");
    private static final SerializedString F_SOURCE = new SerializedString("source");
    private static final SerializedString F_STREAM = new SerializedString("stream");
    private static final SerializedString F_SURPRISE = new SerializedString("surprise");
    private static final SerializedString F_TAIL = new SerializedString("tail");
    private static final SerializedString F_THRESHOLD = new SerializedString("threshold");
    private static final SerializedString F_TIMESTAMP = new SerializedString("timestamp");
    private static final SerializedString F_UPPER = new SerializedString("upper");
    private static final SerializedString F_VERSION = new SerializedString("version");
    private static final SerializedString F_VQ = new SerializedString("vq");
    private static final SerializedString PREDICTION_SCHEMA = new SerializedString(Schemas.PREDICTION_V1);
    private final JsonFactory json = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();
    private final ByteArrayBuilder buffer = new ByteArrayBuilder(512);

    /**
     * A prediction for the observation {@code o}, from row {@code b} of the forecaster's result {@code r}, the
     * scorer's result {@code w} (or {@code null}) and the anomaly scores.
     */
    byte[] prediction(Observation o, long sequence, ModelSet models, StepResult r, WindowResult w,
            MessageEncoder.Scores scores,
            int b) {
        ModelInfo model = models.forecaster().info();
        buffer.reset();
        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeFieldName(F_SCHEMA);
            g.writeString(PREDICTION_SCHEMA);
            g.writeFieldName(F_STREAM);
            g.writeString(o.streamId());
            g.writeFieldName(F_TIMESTAMP);
            g.writeNumber(o.timestamp());
            g.writeFieldName(F_SEQ);
            g.writeNumber(sequence);
            g.writeFieldName(F_OBSERVATION);
            writeFloats(g, o.values(), 0, o.values().length);
            g.writeFieldName(F_MODEL);
            g.writeStartObject();
            g.writeFieldName(F_NAME);
            g.writeString(model.name());
            g.writeFieldName(F_VERSION);
            g.writeString(model.version());
            if (models.scorer() != null) {
                g.writeFieldName(F_SCORER);
                g.writeStartObject();
                g.writeFieldName(F_NAME);
                g.writeString(models.scorer().info().name());
                g.writeFieldName(F_VERSION);
                g.writeString(models.scorer().info().version());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeFieldName(F_INTERVAL_LEVEL);
            g.writeNumber(model.intervalLevel());
            int dim = model.inputDim();
            g.writeFieldName(F_FORECASTS);
            g.writeStartArray();
            for (int h = 0; h < model.horizonCount(); h++) {
                g.writeStartObject();
                g.writeFieldName(F_HORIZON);
                g.writeNumber(model.horizon(h));
                int i = r.forecastIndex(b, h, 0);
                g.writeFieldName(F_MEAN);
                writeFloats(g, r.mean, i, dim);
                g.writeFieldName(F_LOWER);
                writeFloats(g, r.lower, i, dim);
                g.writeFieldName(F_UPPER);
                writeFloats(g, r.upper, i, dim);
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeFieldName(F_SURPRISE);
            g.writeStartArray();
            for (int h = 0; h < model.horizonCount(); h++) {
                g.writeStartObject();
                g.writeFieldName(F_HORIZON);
                g.writeNumber(model.horizon(h));
                float s = r.surprise[r.surpriseIndex(b, h)];
                g.writeFieldName(F_NLL);
                if (!Float.isFinite(s)) {
                    g.writeNull();
                } else {
                    g.writeNumber(s);
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            int c = scores.components;
            g.writeFieldName(F_ANOMALY);
            g.writeStartObject();
            writeNumber(g, F_SCORE, scores.combined[b]);
            g.writeFieldName(F_THRESHOLD);
            g.writeNumber(models.anomalyThreshold());
            g.writeFieldName(F_FLAG);
            g.writeBoolean(scores.combined[b] >= models.anomalyThreshold());
            if (Double.isFinite(scores.tail[b])) {
                g.writeFieldName(F_TAIL);
                g.writeNumber(scores.tail[b]);
            } else {
                g.writeFieldName(F_TAIL);
                g.writeNull();
            }
            g.writeFieldName(F_COMPONENTS);
            g.writeStartObject();
            for (int i = 0; i < c; i++) {
                writeNumber(g, new SerializedString(models.components().get(i).name()), scores.calibrated[b * c + i]);
            }
            g.writeEndObject();
            g.writeFieldName(F_RAW);
            g.writeStartObject();
            for (int i = 0; i < c; i++) {
                writeNumber(g, new SerializedString(models.components().get(i).rawName()), scores.raw[b * c + i]);
            }
            g.writeEndObject();
            if (scores.shares != null) {
                // the largest positive shares, largest first, ties to the lower dimension
                int off = b * scores.dims;
                java.util.List<Integer> dims = new java.util.ArrayList<>();
                for (int d = 0; d < scores.dims; d++) {
                    if (scores.shares[off + d] > 0) {
                        dims.add(d);
                    }
                }
                dims.sort((x, y) -> x.equals(y) ? 0 : scores.shares[off + y] != scores.shares[off + x]
                        ? Float.compare(scores.shares[off + y], scores.shares[off + x]) : Integer.compare(x, y));
                g.writeArrayFieldStart("dimensions");
                for (int d : dims.subList(0, Math.min(MessageEncoder.BLAMED_DIMENSIONS, dims.size()))) {
                    g.writeStartObject();
                    g.writeNumberField("dim", d);
                    writeNumber(g, new SerializedString("share"), scores.shares[off + d]);
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            if (w != null) {
                int wr = b * Math.max(1, models.scorerRows());
                g.writeFieldName(F_VQ);
                g.writeStartObject();
                if (w.code[wr] >= 0) {
                    g.writeFieldName(F_CODE);
                    g.writeNumber(w.code[wr]);
                } else {
                    g.writeFieldName(F_CODE);
                    g.writeNull();
                }
                writeNumber(g, F_RECONSTRUCTION_ERROR, w.error[wr]);
                writeNumber(g, F_RECONSTRUCTION, w.lastValue[wr]);
                g.writeEndObject();
            }
            g.writeFieldName(F_SOURCE);
            g.writeStartObject();
            g.writeFieldName(F_PARTITION);
            g.writeNumber(o.partition());
            g.writeFieldName(F_OFFSET);
            g.writeNumber(o.offset());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    private static void writeNumber(JsonGenerator g, SerializedString field, float v) throws IOException {
        g.writeFieldName(field);
        if (Float.isFinite(v)) {
            g.writeNumber(v);
        } else {
            g.writeNull();
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
