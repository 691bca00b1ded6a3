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

    /**
     * Whether every number this state carries forward is finite. A NaN or an infinity in a running statistic or a
     * belief would make every later output of the stream NaN; the engine checks this after each step and
     * re-initialises a state that fails it (docs/engine.md, "Non-finite states"). Placeholders a model writes on
     * purpose (e.g. a NaN spread meaning "no forecast yet") do not count.
     */
    boolean isFinite();
}
