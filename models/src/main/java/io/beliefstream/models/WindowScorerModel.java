package io.beliefstream.models;

import java.nio.ByteBuffer;

/**
 * A model that scores each stream's most recent window of {@link WindowScorerInfo#window()} scalar observations,
 * served across many streams (the VQ-VAE anomaly scorer, and any other autoencoder-family scorer).
 *
 * <p>Four kinds of object, with separate lifetimes:
 *
 * <ul>
 *   <li>the model itself: frozen weights, immutable, thread-safe;
 *   <li>per-stream {@link StreamState}s: the ring of the last {@code W} observations plus cheap running
 *       normalisation statistics, owned by the caller, with a compact versioned binary form;
 *   <li>{@link WindowKernel}s: preallocated scratch for batches of streams, one per thread;
 *   <li>one {@link OnlineCodebook} per model, shared by every stream and every kernel of the model, which keeps
 *       learning from live data. The engine calls {@link OnlineCodebook#update(WindowResult)} once per batch, after
 *       {@link WindowKernel#score}, from the thread that steps (see {@link OnlineCodebook} for threading).
 * </ul>
 */
public interface WindowScorerModel {

    /** Name, version, window, latent and codebook sizes. */
    WindowScorerInfo info();

    /** A fresh state for a stream that has seen no observation yet. */
    StreamState newState();

    /**
     * Decodes a state written by {@link StreamState#writeTo(ByteBuffer)} of a scorer with the same
     * {@link WindowScorerInfo#stateFormat()}.
     *
     * @throws ModelException if the bytes are not a state of this scorer
     */
    StreamState readState(ByteBuffer in);

    /** A kernel for batches of at most {@code maxBatch} streams. Kernels are not thread-safe. */
    WindowKernel newKernel(int maxBatch);

    /** The model's shared online codebook. */
    OnlineCodebook codebook();
}
