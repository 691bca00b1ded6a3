package io.beliefstream.streams.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.StreamState;
import io.beliefstream.streams.ModelSet;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of one stream's checkpoint in the compacted state topic (key = stream id), big-endian:
 *
 * <pre>
 *   version (byte, 2) | last timestamp (long) | part count (byte, 3)
 *   | per part: format id (short length + UTF-8) | state length (int) | state bytes
 * </pre>
 *
 * Parts, in order: the forecaster's state, the window scorer's state (format "" and no bytes without a scorer), the
 * score normaliser's state. Each part is decoded only if its format id is one the serving model reads (the
 * forecaster's and the scorer's: their own; the normaliser's: {@link ModelSet#readsNormaliserFormat}, whose state names
 * its anomaly components, so each component present in both keeps its calibration); otherwise that part starts afresh
 * while the others are kept (a hot swap of the scorer keeps the forecaster's beliefs).
 */
public final class StateCodec {
    /** Current version of the record layout. */
    public static final byte VERSION = 2;

    private StateCodec() {}

    public static byte[] encode(ModelSet models, StreamEntry e) {
        Formats formats = Formats.of(models);
        byte[] f = formats.forecaster;
        byte[] s = formats.scorer;
        byte[] n = formats.normaliser;
        int fs = e.state.serializedSize();
        int ss = e.scoreState == null ? 0 : e.scoreState.serializedSize();
        int ns = e.normState.serializedSize();
        ByteBuffer buf = ByteBuffer.allocate(1 + 8 + 1 + 3 * 6 + f.length + s.length + n.length + fs + ss + ns);
        buf.put(VERSION).putLong(e.lastTimestamp).put((byte) 3);
        part(buf, f, e.state, fs);
        part(buf, s, e.scoreState, ss);
        part(buf, n, e.normState, ns);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("checkpoint wrote " + buf.position() + " bytes, declared " + buf.capacity());
        }
        return buf.array();
    }

    private static byte[] format(String id) {
        return id.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The three format ids of a {@link ModelSet} in UTF-8, encoded once per model set rather than per checkpoint.
     * Immutable (final fields), so the one-entry cache may be shared by the engines' threads without locking.
     */
    private static final class Formats {
        private static Formats last;
        final ModelSet models;
        final byte[] forecaster;
        final byte[] scorer;
        final byte[] normaliser;

        private Formats(ModelSet models) {
            this.models = models;
            this.forecaster = format(models.forecaster().info().stateFormat());
            this.scorer = format(models.scorerFormat());
            this.normaliser = format(models.normaliserFormat());
        }

        static Formats of(ModelSet models) {
            Formats f = last;
            if (f == null || f.models != models) {
                f = new Formats(models);
                last = f;
            }
            return f;
        }
    }

    private static void part(ByteBuffer buf, byte[] format, StreamState state, int size) {
        buf.putShort((short) format.length).put(format).putInt(size);
        if (state != null) {
            int before = buf.position();
            state.writeTo(buf);
            if (buf.position() - before != size) {
                throw new IllegalStateException("state wrote " + (buf.position() - before) + " bytes, declared " + size);
            }
        }
    }

    /**
     * Decodes a checkpoint into a new entry for {@code models}; parts of another format start afresh.
     *
     * @throws ModelException if the bytes are corrupt or of an unknown version
     */
    public static StreamEntry decode(String streamId, int partition, byte[] bytes, ModelSet models) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            byte version = buf.get();
            if (version != VERSION) {
                throw new ModelException("state record version " + version + " is not " + VERSION);
            }
            long last = buf.getLong();
            int parts = buf.get();
            if (parts != 3) {
                throw new ModelException("state record has " + parts + " parts, expected 3");
            }
            StreamEntry e = StreamEntry.fresh(streamId, partition, models);
            e.lastTimestamp = last;
            ByteBuffer f = slice(buf, models.forecaster().info().stateFormat()::equals);
            if (f != null) {
                e.state = models.forecaster().readState(f);
            }
            ByteBuffer s = slice(buf, models.scorerFormat()::equals);
            if (s != null && models.scorer() != null) {
                e.scoreState = models.readScorerState(s);
            }
            ByteBuffer n = slice(buf, models::readsNormaliserFormat);
            if (n != null) {
                e.normState = models.normaliser().readState(n);
            }
            return e;
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new ModelException("state record is truncated", e);
        }
    }

    /** The next part's bytes if its format is one the model reads, else {@code null} (the part is skipped). */
    private static ByteBuffer slice(ByteBuffer buf, java.util.function.Predicate<String> reads) {
        byte[] format = new byte[buf.getShort()];
        buf.get(format);
        int size = buf.getInt();
        ByteBuffer part = buf.slice(buf.position(), size);
        buf.position(buf.position() + size);
        return reads.test(new String(format, StandardCharsets.UTF_8)) && size > 0 ? part : null;
    }
}
