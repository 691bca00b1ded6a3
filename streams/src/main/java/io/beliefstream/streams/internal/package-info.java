/**
 * Engine internals: decoding, per-stream state table, batching, encoding, the poll loop and its recovery from broker
 * outages ({@link io.beliefstream.streams.internal.KafkaFailures}). Not a public API.
 */
package io.beliefstream.streams.internal;
