package io.beliefstream.streams.internal;

import io.beliefstream.models.StreamState;
import io.beliefstream.streams.Observation;
import java.util.ArrayDeque;

/** What the engine holds in memory for one stream. */
final class StreamEntry {
    final String streamId;
    final int partition;
    StreamState state;
    long lastTimestamp = Long.MIN_VALUE;
    /** Observations validated in the current poll and not yet stepped; empty between polls. */
    final ArrayDeque<Observation> pending = new ArrayDeque<>(2);

    StreamEntry(String streamId, int partition, StreamState state) {
        this.streamId = streamId;
        this.partition = partition;
        this.state = state;
    }
}
