package io.beliefstream.gateway;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.TimeUnit;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToLongFunction;

/**
 * The gateway's meters (names in docs/metrics.md). Tags are bounded: the outcome of an ingestion request is
 * {@code accepted} or {@code rejected}.
 */
public final class GatewayMetrics implements MeterBinder {
    public static final String OBSERVATIONS = "beliefstream.gateway.observations";
    public static final String PREDICTIONS_READ = "beliefstream.gateway.predictions.read";
    public static final String VIEW_STREAMS = "beliefstream.gateway.view.streams";
    public static final String VIEW_EVICTED = "beliefstream.gateway.view.evicted";
    public static final String SSE_SUBSCRIBERS = "beliefstream.gateway.sse.subscribers";
    public static final String SSE_DROPPED = "beliefstream.gateway.sse.dropped";
    public static final String SSE_DELIVERED = "beliefstream.gateway.sse.delivered";
    public static final String ANOMALY_TOP = "beliefstream.gateway.anomaly.top";
    public static final String REQUESTS = "beliefstream.gateway.requests";
    public static final String FEED_LAG = "beliefstream.gateway.feed.lag";
    public static final String ANOMALY_ABOVE_THRESHOLD = "beliefstream.gateway.anomaly.above.threshold";
    /** Ranks of {@link #ANOMALY_TOP}: the tag {@code rank} takes the values 1 to this. */
    public static final int TOP_RANKS = 10;

    /** What the binder reads. */
    public interface Source {
        /** Prediction records digested from their summary header. */
        long predictionsFromSummary();

        /** Prediction records digested from their JSON (no readable summary header). */
        long predictionsFromJson();

        /** Records of the predictions topic that were not usable predictions. */
        long predictionsRefused();

        long viewStreams();

        long viewEvicted();

        long subscribers();

        long dropped();

        long delivered();

        /** The {@link #TOP_RANKS} highest anomaly scores in the view, NaN where there are fewer. */
        double[] topScores();

        /** Streams whose latest score is at or above their threshold. */
        long aboveThreshold();

        /** Prediction records not yet read by the gateway's feed, as of its last poll. */
        long feedLag();
    }

    private final Source source;
    private MeterRegistry registry;
    private Counter accepted;
    private Counter rejected;

    public GatewayMetrics(Source source) {
        this.source = source;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        this.registry = registry;
        accepted = Counter.builder(OBSERVATIONS).tag("outcome", "accepted").baseUnit("observations")
                .description("Observations received over HTTP, by outcome (rejected requests write nothing)")
                .register(registry);
        rejected = Counter.builder(OBSERVATIONS).tag("outcome", "rejected").baseUnit("observations")
                .description("Observations received over HTTP, by outcome (rejected requests write nothing)")
                .register(registry);
        String read = "Prediction records read by the gateway's feed, by how they were digested (summary header, "
                + "JSON) or refused";
        FunctionCounter.builder(PREDICTIONS_READ, source, s -> s.predictionsFromSummary()).tag("digest", "summary")
                .description(read).register(registry);
        FunctionCounter.builder(PREDICTIONS_READ, source, s -> s.predictionsFromJson()).tag("digest", "json")
                .description(read).register(registry);
        FunctionCounter.builder(PREDICTIONS_READ, source, s -> s.predictionsRefused()).tag("digest", "refused")
                .description(read).register(registry);
        Gauge.builder(VIEW_STREAMS, source, s -> s.viewStreams()).strongReference(true).baseUnit("streams")
                .description("Streams in the gateway's in-memory view").register(registry);
        function(registry, VIEW_EVICTED, "Streams evicted from the gateway's view (gateway.max-streams)",
                Source::viewEvicted);
        Gauge.builder(SSE_SUBSCRIBERS, source, s -> s.subscribers()).strongReference(true).baseUnit("subscribers")
                .description("Connected live-feed (SSE) subscribers").register(registry);
        function(registry, SSE_DROPPED, "Live-feed events dropped from full subscriber queues (slow clients)",
                Source::dropped);
        function(registry, SSE_DELIVERED, "Live-feed events written to subscribers", Source::delivered);
        TopScores top = new TopScores(source);
        for (int rank = 1; rank <= TOP_RANKS; rank++) {
            int r = rank;
            Gauge.builder(ANOMALY_TOP, top, t -> t.score(r)).strongReference(true).tag("rank", String.valueOf(rank))
                    .description("The highest anomaly scores among the streams in the gateway's view, by rank "
                            + "(stream ids are in GET /v1/streams, never in tags)")
                    .register(registry);
        }
        Gauge.builder(FEED_LAG, source, s -> s.feedLag()).strongReference(true)
                .description("Prediction records the gateway's feed has not read yet (how stale the view is)")
                .register(registry);
        Gauge.builder(ANOMALY_ABOVE_THRESHOLD, source, s -> s.aboveThreshold()).strongReference(true)
                .description("Streams whose latest anomaly score is at or above their threshold").register(registry);
    }

    /** The counted object is the binder's {@code source}: kept alive by the binder, which Monitoring keeps. */
    private void function(MeterRegistry registry, String name, String description, ToLongFunction<Source> f) {
        FunctionCounter.builder(name, source, f::applyAsLong).description(description)
                .register(registry);
    }

    /** Caches the top scores for a second, so that one scrape sorts the view once, not once per rank. */
    private static final class TopScores {
        private final Source source;
        private double[] scores = new double[TOP_RANKS];
        private long at = Long.MIN_VALUE;

        TopScores(Source source) {
            this.source = source;
        }

        synchronized double score(int rank) {
            long now = System.nanoTime();
            if (at == Long.MIN_VALUE || now - at > 1_000_000_000L) {
                scores = source.topScores();
                at = now;
            }
            return scores[rank - 1];
        }
    }

    /**
     * Records one finished HTTP request under its route template (never the raw path: stream ids stay out of tags),
     * method and status class. Live feeds are not timed: their duration is the client's.
     */
    void request(String method, String route, int status, long nanos) {
        if (registry != null) {
            Timer.builder(REQUESTS).description("HTTP requests by route template, method and status class")
                    .tags("method", method, "route", route, "status", (status / 100) + "xx")
                    .publishPercentiles(0.5, 0.99).register(registry).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    void accepted(int n) {
        if (accepted != null) {
            accepted.increment(n);
        }
    }

    void rejected(int n) {
        if (rejected != null) {
            rejected.increment(n);
        }
    }
}
