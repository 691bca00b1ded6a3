package io.beliefstream.streams;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary summary the engine attaches to every prediction record as the header {@value #HEADER}: the fields a
 * dashboard needs (timestamp, sequence number, observation, dimension 0 of each horizon's forecast, anomaly score and
 * threshold, the first horizon's surprise, the VQ code, the model name) in about 100 bytes, so that a consumer that
 * reads every prediction (the gateway's view) need not tokenize ~0.8 KB of JSON per record. The JSON value stays the
 * message of record; the summary holds the same numbers (the same 32-bit floats the JSON writes, with NaN where the
 * JSON has {@code null}). The stream id is the record key. Layout, big-endian (docs/schemas.md):
 *
 * <pre>
 * byte    version (1)
 * long    timestamp, long seq
 * byte    flags: 1 = anomaly section present, 2 = vq section present
 * float   anomaly score, double threshold, float surprise (nll of the first horizon), int vq code (-1: none)
 * short   n, then n floats: the observation
 * short   h, then h times: int horizon, float mean, float lower, float upper (dimension 0)
 * short   m, then m bytes: the forecaster's name in UTF-8
 * </pre>
 *
 * A consumer that meets another version, or a header it cannot read, falls back to the JSON value.
 */
public record PredictionSummary(long timestamp, long seq, float[] observation, int[] horizons, float[] forecasts,
        boolean hasAnomaly, float score, double threshold, float surprise, boolean hasVq, int code, String model) {

    /** The record header that carries the summary. */
    public static final String HEADER = "beliefstream.summary";

    /** The layout version written as the first byte. */
    private static final byte VERSION = 1;

    private static final int FLAG_ANOMALY = 1;
    private static final int FLAG_VQ = 2;

    /**
     * This summary in the layout above.
     *
     * @return the bytes, or null when the observation, the horizon list or the model name is too long for the
     *     layout's 16-bit counts (the record then goes without a summary)
     */
    public byte[] encode() {
        byte[] name = model == null ? new byte[0] : model.getBytes(StandardCharsets.UTF_8);
        if (observation.length > 0xffff || horizons.length > 0xffff || name.length > 0xffff
                || forecasts.length != 3 * horizons.length) {
            return null;
        }
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 8 + 1 + 4 + 8 + 4 + 4 + 2 + 4 * observation.length + 2
                + 16 * horizons.length + 2 + name.length);
        out.put(VERSION).putLong(timestamp).putLong(seq);
        out.put((byte) ((hasAnomaly ? FLAG_ANOMALY : 0) | (hasVq ? FLAG_VQ : 0)));
        out.putFloat(score).putDouble(threshold).putFloat(surprise).putInt(code);
        out.putShort((short) observation.length);
        for (float v : observation) {
            out.putFloat(v);
        }
        out.putShort((short) horizons.length);
        for (int i = 0; i < horizons.length; i++) {
            out.putInt(horizons[i]).putFloat(forecasts[3 * i]).putFloat(forecasts[3 * i + 1])
                    .putFloat(forecasts[3 * i + 2]);
        }
        out.putShort((short) name.length).put(name);
        return out.array();
    }

    /**
     * Reads a summary written by {@link #encode}.
     *
     * @return the summary, or null when {@code bytes} is null, of another version, truncated or has bytes left over
     */
    public static PredictionSummary decode(byte[] bytes) {
        if (bytes == null || bytes.length == 0 || bytes[0] != VERSION) {
            return null;
        }
        try {
            ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
            long timestamp = in.getLong();
            long seq = in.getLong();
            int flags = in.get();
            float score = in.getFloat();
            double threshold = in.getDouble();
            float surprise = in.getFloat();
            int code = in.getInt();
            int n = in.getShort() & 0xffff;
            float[] observation = new float[n];
            for (int i = 0; i < n; i++) {
                observation[i] = in.getFloat();
            }
            int h = in.getShort() & 0xffff;
            int[] horizons = new int[h];
            float[] forecasts = new float[3 * h];
            for (int i = 0; i < h; i++) {
                horizons[i] = in.getInt();
                forecasts[3 * i] = in.getFloat();
                forecasts[3 * i + 1] = in.getFloat();
                forecasts[3 * i + 2] = in.getFloat();
            }
            int m = in.getShort() & 0xffff;
            if (m != in.remaining()) {
                return null;
            }
            String model = new String(bytes, in.position(), m, StandardCharsets.UTF_8);
            return new PredictionSummary(timestamp, seq, observation, horizons, forecasts,
                    (flags & FLAG_ANOMALY) != 0, score, threshold, surprise, (flags & FLAG_VQ) != 0, code, model);
        } catch (BufferUnderflowException e) {
            return null;
        }
    }
}
