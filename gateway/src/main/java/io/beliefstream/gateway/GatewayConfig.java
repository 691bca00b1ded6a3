package io.beliefstream.gateway;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * HTTP gateway settings, validated on construction: every bad value is an {@link IllegalArgumentException} naming
 * the configuration key.
 *
 * @param host address to bind; {@code 127.0.0.1} by default, {@code 0.0.0.0} in a container
 * @param port TCP port; 0 picks a free one
 * @param maxBodyBytes largest accepted request body; larger bodies are refused with 413
 * @param corsOrigins origins allowed to call the API from a browser ({@code *} for any); empty: same origin only
 * @param tokens bearer tokens and their scopes; {@link ApiTokens#NONE} turns authentication off
 * @param maxStreams most streams the gateway's in-memory view keeps (least recently updated evicted first)
 * @param pointsPerStream recent points kept per stream for the charts (a ring)
 * @param lookBack records per partition of the predictions topic read back at start-up to warm the view up
 * @param sseQueue events buffered per live-feed subscriber; when full, the oldest is dropped and counted
 * @param sseMaxSubscribers most live-feed subscribers at once; further ones get 503
 * @param pushInterval how often live feeds are flushed and dashboard snapshots pushed
 * @param maxPageSize largest page of {@code GET /v1/streams}
 * @param allowUnauthenticated whether the API may serve without tokens on an address other than loopback; false
 *        (the default) makes such a configuration fail at start-up, so that an open API is never an accident
 */
public record GatewayConfig(String host, int port, int maxBodyBytes, List<String> corsOrigins, ApiTokens tokens,
        int maxStreams, int pointsPerStream, int lookBack, int sseQueue, int sseMaxSubscribers, Duration pushInterval,
        int maxPageSize, boolean allowUnauthenticated) {
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    /** 1 MiB: about 10,000 one-dimensional observations in one request. */
    public static final int DEFAULT_MAX_BODY_BYTES = 1 << 20;
    /**
     * Streams in the view. With the default ring and three horizons the view holds at most about 100 MB: 10,000 ×
     * (120 points × 72 bytes + the latest prediction, about 1.5 KB).
     */
    public static final int DEFAULT_MAX_STREAMS = 10_000;
    /** Chart points per stream: a minute at 2 Hz, five days of hourly data. */
    public static final int DEFAULT_POINTS_PER_STREAM = 120;
    /** Records per partition read back at start-up. */
    public static final int DEFAULT_LOOK_BACK = 2_000;
    /** Events buffered per live-feed subscriber. */
    public static final int DEFAULT_SSE_QUEUE = 512;
    /** Live-feed subscribers at once. */
    public static final int DEFAULT_SSE_MAX_SUBSCRIBERS = 256;
    /** Flush and snapshot interval of the live feeds. */
    public static final Duration DEFAULT_PUSH_INTERVAL = Duration.ofMillis(500);
    /** Largest page of the stream list. */
    public static final int DEFAULT_MAX_PAGE_SIZE = 1_000;

    public GatewayConfig {
        require(host != null && !host.isBlank(), "http.host", "must not be blank");
        require(port >= 0 && port <= 65535, "http.port", "must be in [0, 65535], got " + port);
        require(maxBodyBytes >= 1024 && maxBodyBytes <= 256 << 20, "gateway.max-body-bytes",
                "must be in [1024, 268435456], got " + maxBodyBytes);
        Objects.requireNonNull(corsOrigins, "gateway.cors-origins");
        for (String o : corsOrigins) {
            require(o.equals("*") || o.matches("https?://[A-Za-z0-9.\\-\\[\\]:]+"), "gateway.cors-origins",
                    "must be '*' or origins like https://host[:port], got '" + o + "'");
        }
        corsOrigins = List.copyOf(corsOrigins);
        Objects.requireNonNull(tokens, "gateway.tokens");
        require(maxStreams >= 1 && maxStreams <= 10_000_000, "gateway.max-streams",
                "must be in [1, 10000000], got " + maxStreams);
        require(pointsPerStream >= 2 && pointsPerStream <= 100_000, "gateway.points-per-stream",
                "must be in [2, 100000], got " + pointsPerStream);
        require(lookBack >= 0 && lookBack <= 10_000_000, "gateway.look-back", "must be in [0, 10000000], got " + lookBack);
        require(sseQueue >= 1 && sseQueue <= 1_000_000, "gateway.sse-queue", "must be in [1, 1000000], got " + sseQueue);
        require(sseMaxSubscribers >= 1 && sseMaxSubscribers <= 100_000, "gateway.sse-max-subscribers",
                "must be in [1, 100000], got " + sseMaxSubscribers);
        require(pushInterval != null && pushInterval.toMillis() >= 10 && pushInterval.toMillis() <= 60_000,
                "gateway.push-interval-ms", "must be in [10, 60000], got " + pushInterval);
        require(maxPageSize >= 1 && maxPageSize <= 100_000, "gateway.max-page-size",
                "must be in [1, 100000], got " + maxPageSize);
        require(tokens.enabled() || allowUnauthenticated || isLoopback(host), "http.host",
                "is '" + host + "', not a loopback address, and gateway.tokens is empty: anyone who can reach it could "
                        + "write observations and switch models. Set gateway.tokens (e.g. ops-token:read,write), or "
                        + "gateway.allow-unauthenticated=true to serve the API open on purpose");
    }

    /**
     * Whether {@code host} is a loopback address, judged from its text alone (no name lookup): {@code localhost},
     * {@code 127.0.0.0/8} or {@code ::1}. Anything else, {@code 0.0.0.0} included, counts as reachable from outside.
     */
    public static boolean isLoopback(String host) {
        String h = host.trim().toLowerCase(java.util.Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        return h.equals("localhost") || h.equals("::1") || h.equals("0:0:0:0:0:0:0:1")
                || h.matches("127\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)(\\.(25[0-5]|2[0-4]\\d|1?\\d?\\d)){2}");
    }

    /** Defaults everywhere but the address. */
    public static GatewayConfig of(String host, int port) {
        return new GatewayConfig(host, port, DEFAULT_MAX_BODY_BYTES, List.of(), ApiTokens.NONE, DEFAULT_MAX_STREAMS,
                DEFAULT_POINTS_PER_STREAM, DEFAULT_LOOK_BACK, DEFAULT_SSE_QUEUE, DEFAULT_SSE_MAX_SUBSCRIBERS,
                DEFAULT_PUSH_INTERVAL, DEFAULT_MAX_PAGE_SIZE, false);
    }

    /** Another address; {@code open} sets {@code allowUnauthenticated}. */
    public GatewayConfig withHost(String h, boolean open) {
        return new GatewayConfig(h, port, maxBodyBytes, corsOrigins, tokens, maxStreams, pointsPerStream, lookBack,
                sseQueue, sseMaxSubscribers, pushInterval, maxPageSize, open);
    }

    public GatewayConfig withTokens(ApiTokens t) {
        return new GatewayConfig(host, port, maxBodyBytes, corsOrigins, t, maxStreams, pointsPerStream, lookBack,
                sseQueue, sseMaxSubscribers, pushInterval, maxPageSize, allowUnauthenticated);
    }

    public GatewayConfig withMaxBodyBytes(int bytes) {
        return new GatewayConfig(host, port, bytes, corsOrigins, tokens, maxStreams, pointsPerStream, lookBack,
                sseQueue, sseMaxSubscribers, pushInterval, maxPageSize, allowUnauthenticated);
    }

    public GatewayConfig withCorsOrigins(List<String> origins) {
        return new GatewayConfig(host, port, maxBodyBytes, origins, tokens, maxStreams, pointsPerStream, lookBack,
                sseQueue, sseMaxSubscribers, pushInterval, maxPageSize, allowUnauthenticated);
    }

    public GatewayConfig withView(int streams, int points) {
        return new GatewayConfig(host, port, maxBodyBytes, corsOrigins, tokens, streams, points, lookBack, sseQueue,
                sseMaxSubscribers, pushInterval, maxPageSize, allowUnauthenticated);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new IllegalArgumentException(key + " " + message);
        }
    }
}
