package io.beliefstream.models;

import java.nio.ByteBuffer;

/**
 * A frozen forecasting model served across many streams.
 *
 * <p>Implementations are immutable and thread-safe; the mutable parts live in per-stream {@link StreamState}s
 * (owned by the caller) and in {@link Kernel}s (one per thread).
 */
public interface SequenceModel {

    /** Name, version, input dimension, horizons and interval level. */
    ModelInfo info();

    /** A fresh state for a stream that has seen no observation yet. */
    StreamState newState();

    /**
     * Decodes a state written by {@link StreamState#writeTo(ByteBuffer)} of a model with the same
     * {@link ModelInfo#stateFormat()}.
     *
     * @throws ModelException if the bytes are not a state of this model
     */
    StreamState readState(ByteBuffer in);

    /** A kernel for batches of at most {@code maxBatch} streams. Kernels are not thread-safe. */
    Kernel newKernel(int maxBatch);
}
