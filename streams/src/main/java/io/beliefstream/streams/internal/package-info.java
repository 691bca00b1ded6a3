/** Engine internals: decoding, per-stream state table, batching, encoding, the poll loop. Not a public API. */
package io.beliefstream.streams.internal;
