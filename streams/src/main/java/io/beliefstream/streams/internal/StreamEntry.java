package io.beliefstream.streams.internal;

import io.beliefstream.models.StreamState;
import io.beliefstream.models.score.ScoreNormaliser;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.Observation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/** What the engine holds in memory for one stream (about 72 bytes besides the id, its UTF-8 key and the model states). */
final class StreamEntry {
    final String streamId;
    /** The stream id in UTF-8: the key of the stream's predictions and checkpoints, encoded once. */
    final byte[] key;
    final int partition;
    /** The forecaster's state (belief). */
    StreamState state;
    /** The window scorer's state, or {@code null} without a scorer. */
    StreamState scoreState;
    /** The score normaliser's state. */
    ScoreNormaliser.State normState;
    long lastTimestamp = Long.MIN_VALUE;
    /** Wall-clock milliseconds when the stream last had an observation (or was restored). */
    long lastSeen;
    /** Observations validated in the current poll and not yet stepped; both null between polls. */
    private Observation first;
    private ArrayDeque<Observation> more;

    private StreamEntry(String streamId, int partition) {
        this.streamId = streamId;
        this.key = streamId.getBytes(StandardCharsets.UTF_8);
        this.partition = partition;
    }

    static StreamEntry fresh(String streamId, int partition, ModelSet models) {
        StreamEntry e = new StreamEntry(streamId, partition);
        e.state = models.forecaster().newState();
        e.scoreState = models.scorer() == null ? null : models.newScorerState();
        e.normState = models.normaliser().newState();
        return e;
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

    /** Approximate heap bytes of this entry, its id and its states, including the map node that holds it. */
    long heapBytes() {
        return 72 + 40 + 2L * streamId.length() + 16 + key.length + 48 + state.heapBytes()
                + (scoreState == null ? 0 : scoreState.heapBytes()) + normState.heapBytes();
    }
}
