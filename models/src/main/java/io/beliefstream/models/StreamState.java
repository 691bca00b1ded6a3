package io.beliefstream.models;

import java.nio.ByteBuffer;

/** The per-stream state of a {@link SequenceModel}: plain data, mutated only by a {@link Kernel}. */
public interface StreamState {

    /** Observations this state has absorbed. */
    long observations();

    /** Bytes {@link #writeTo(ByteBuffer)} will write. */
    int serializedSize();

    /** Writes the compact versioned binary form; {@link SequenceModel#readState(ByteBuffer)} reads it back. */
    void writeTo(ByteBuffer out);

    /** Approximate heap bytes held by this state, for capacity planning. */
    long heapBytes();
}
