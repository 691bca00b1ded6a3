package io.beliefstream.gateway;

import io.beliefstream.gateway.internal.PredictionView;

/**
 * The gateway's bounded in-memory view of the predictions topic as its feed keeps it (the latest prediction of each
 * stream and a ring of recent chart points, at most {@code maxStreams} streams, the least recently updated evicted),
 * for code outside the gateway that measures or replays the feed's work: the {@code GatewayFeedBenchmark}. The HTTP
 * API reads the same view. Thread-safe.
 */
public final class LatestPredictions {
    private final PredictionView view;

    /**
     * @param maxStreams streams kept ({@code gateway.max-streams}); at least 1
     * @param pointsPerStream chart points kept per stream ({@code gateway.points-per-stream}); at least 2
     * @throws IllegalArgumentException naming the setting when a bound is out of range
     */
    public LatestPredictions(int maxStreams, int pointsPerStream) {
        this.view = new PredictionView(maxStreams, pointsPerStream);
    }

    /**
     * Absorbs one prediction message (schema {@code beliefstream.prediction/v1}) as read from the topic, digested
     * from its JSON.
     *
     * @return false when the message is not a usable prediction (counted as refused)
     */
    public boolean absorb(byte[] value, long receivedAtMillis) {
        return view.absorb(value, receivedAtMillis);
    }

    /**
     * Absorbs one prediction record as read from the topic, digested from its summary header
     * ({@link io.beliefstream.streams.PredictionSummary}) when {@code summary} is readable, else from the JSON value.
     *
     * @return false when the record is not a usable prediction (counted as refused)
     */
    public boolean absorb(byte[] key, byte[] value, byte[] summary, long receivedAtMillis) {
        return view.absorb(key, value, summary, receivedAtMillis);
    }

    /** Streams held. */
    public int size() {
        return view.size();
    }
}
