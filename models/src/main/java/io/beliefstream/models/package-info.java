/**
 * Sequence models served across many streams: the contracts the streaming engine calls.
 *
 * <p>A {@link io.beliefstream.models.SequenceModel} is a frozen, serialisable model. It creates per-stream
 * {@link io.beliefstream.models.StreamState} objects (plain data with a compact binary form) and
 * {@link io.beliefstream.models.Kernel}s, which advance a batch of streams by one observation each without
 * allocating. Training lives elsewhere; nothing in this package imports Kafka or Vert.x.
 *
 * <p>Window scorers (the online VQ-VAE and other autoencoder-family anomaly scorers) have parallel contracts:
 * {@link io.beliefstream.models.WindowScorerModel} creates per-stream states (the last {@code W} observations and
 * running normalisation statistics) and {@link io.beliefstream.models.WindowKernel}s, which fill a preallocated
 * {@link io.beliefstream.models.WindowResult}; the model's shared {@link io.beliefstream.models.OnlineCodebook} is
 * updated once per batch by the engine.
 */
package io.beliefstream.models;
