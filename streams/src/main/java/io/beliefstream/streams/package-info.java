/**
 * The streaming engine: Kafka ingestion on a dedicated poll thread, a Vert.x worker verticle that decodes,
 * validates and batches observations across streams, steps the model once per batch and publishes predictions and
 * dead letters. Public API: {@link io.beliefstream.streams.StreamsService}, {@link io.beliefstream.streams.EngineConfig},
 * {@link io.beliefstream.streams.Topics} (created by {@link io.beliefstream.streams.TopicAdmin}), the message schemas
 * ({@link io.beliefstream.streams.Schemas}) and {@link io.beliefstream.streams.EngineStats}; for tools beside the
 * service, the engine's per-poll work without Kafka I/O ({@link io.beliefstream.streams.PollProcessor}) and its record
 * validation ({@link io.beliefstream.streams.ObservationValidator}, used by the gateway's ingest). The rest lives in
 * {@code internal}, which no other module imports (enforced by {@code ModuleBoundariesTest} in the app module).
 */
package io.beliefstream.streams;
