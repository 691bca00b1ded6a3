package io.beliefstream.streams.internal;

import io.beliefstream.models.ModelException;
import io.beliefstream.models.SequenceModel;
import io.beliefstream.models.StreamState;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The binary form of one stream's checkpoint in the compacted state topic (key = stream id):
 *
 * <pre>
 *   version (byte, 1) | state format id (short length + UTF-8) | last timestamp (long) | model state bytes
 * </pre>
 *
 * The format id is the model's {@link io.beliefstream.models.ModelInfo#stateFormat()}: a checkpoint written by a model
 * of another format is not decoded (the stream starts afresh under the new model; see the hot-swap rules in
 * docs/engine.md).
 */
public final class StateCodec {
    /** Current version of the record layout. */
    public static final byte VERSION = 1;

    private StateCodec() {}

    public static byte[] encode(String stateFormat, long lastTimestamp, StreamState state) {
        byte[] format = stateFormat.getBytes(StandardCharsets.UTF_8);
        ByteBuffer buf = ByteBuffer.allocate(1 + 2 + format.length + 8 + state.serializedSize());
        buf.put(VERSION);
        buf.putShort((short) format.length);
        buf.put(format);
        buf.putLong(lastTimestamp);
        state.writeTo(buf);
        if (buf.hasRemaining()) {
            throw new IllegalStateException("state wrote " + buf.position() + " bytes, declared " + buf.capacity());
        }
        return buf.array();
    }

    /** A decoded checkpoint. */
    public record Checkpoint(StreamState state, long lastTimestamp) {}

    /**
     * Decodes a checkpoint for {@code model}; {@code null} when it was written by a model of another state format
     * (the caller starts the stream afresh).
     *
     * @throws ModelException if the bytes are corrupt
     */
    public static Checkpoint decode(byte[] bytes, SequenceModel model) {
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        try {
            byte version = buf.get();
            if (version != VERSION) {
                throw new ModelException("state record version " + version + " is not " + VERSION);
            }
            byte[] format = new byte[buf.getShort()];
            buf.get(format);
            if (!new String(format, StandardCharsets.UTF_8).equals(model.info().stateFormat())) {
                return null;
            }
            long last = buf.getLong();
            StreamState state = model.readState(buf);
            return new Checkpoint(state, last);
        } catch (java.nio.BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new ModelException("state record is truncated", e);
        }
    }
}
