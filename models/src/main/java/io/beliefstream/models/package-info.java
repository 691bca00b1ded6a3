/**
 * Sequence models served across many streams: the contracts the streaming engine calls.
 *
 * <p>A {@link io.beliefstream.models.SequenceModel} is a frozen, serialisable model. It creates per-stream
 * {@link io.beliefstream.models.StreamState} objects (plain data with a compact binary form) and
 * {@link io.beliefstream.models.Kernel}s, which advance a batch of streams by one observation each without
 * allocating. Training lives elsewhere; nothing in this package imports Kafka or Vert.x.
 */
package io.beliefstream.models;
