/**
 * The streaming engine: Kafka ingestion on a dedicated poll thread, a Vert.x worker verticle that decodes,
 * validates and batches observations across streams, steps the model once per batch and publishes predictions and
 * dead letters. Public API: {@link io.beliefstream.streams.StreamsService}, {@link io.beliefstream.streams.EngineConfig},
 * {@link io.beliefstream.streams.Topics}, the message schemas ({@link io.beliefstream.streams.Schemas}) and
 * {@link io.beliefstream.streams.EngineStats}; the rest lives in {@code internal}.
 */
package io.beliefstream.streams;
