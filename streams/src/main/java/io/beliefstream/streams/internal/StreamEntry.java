package io.beliefstream.streams.internal;

import io.beliefstream.models.StreamState;
import io.beliefstream.streams.Observation;
import java.util.ArrayDeque;

/** What the engine holds in memory for one stream (about 64 bytes besides the id and the model state). */
final class StreamEntry {
    final String streamId;
    final int partition;
    StreamState state;
    long lastTimestamp = Long.MIN_VALUE;
    /** Wall-clock milliseconds when the stream last had an observation (or was restored). */
    long lastSeen;
    /** Observations validated in the current poll and not yet stepped; both null between polls. */
    private Observation first;
    private ArrayDeque<Observation> more;

    StreamEntry(String streamId, int partition, StreamState state) {
        this.streamId = streamId;
        this.partition = partition;
        this.state = state;
    }

    boolean hasPending() {
        return first != null;
    }

    void enqueue(Observation o) {
        if (first == null) {
            first = o;
        } else {
            if (more == null) {
                more = new ArrayDeque<>(4);
            }
            more.add(o);
        }
    }

    Observation dequeue() {
        Observation o = first;
        first = more == null ? null : more.poll();
        if (first == null) {
            more = null;
        }
        return o;
    }

    /** Approximate heap bytes of this entry, its id and its model state, including the map node that holds it. */
    long heapBytes() {
        return 64 + 40 + 2L * streamId.length() + 48 + state.heapBytes();
    }
}
