package io.beliefstream.gateway.internal;

import io.beliefstream.gateway.GatewayException;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Server-Sent Events fan-out with bounded memory. The feed thread {@link #publish publishes} each prediction into the
 * bounded queue of every subscriber of that stream (when a queue is full the oldest event is dropped and counted);
 * a timer calls {@link #flush()} every push interval, which writes each subscriber's queued events in one chunk, and
 * pushes one snapshot to every dashboard subscriber. Nothing is written per record, and nothing grows without bound:
 * the subscriber count is capped too.
 */
public final class EventHub {
    private final int queueCapacity;
    private final int maxSubscribers;
    private final Map<String, Set<Subscriber>> byStream = new ConcurrentHashMap<>();
    private final Set<Subscriber> dashboards = ConcurrentHashMap.newKeySet();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong delivered = new AtomicLong();

    public EventHub(int queueCapacity, int maxSubscribers) {
        this.queueCapacity = queueCapacity;
        this.maxSubscribers = maxSubscribers;
    }

    /** One live-feed connection. */
    public final class Subscriber {
        private final String stream;
        private final HttpServerResponse response;
        /** The connection's Vert.x context: every write happens there (null outside Vert.x, in unit tests). */
        private final Context context;
        private final ArrayDeque<String> queue = new ArrayDeque<>();
        private volatile boolean closed;

        private Subscriber(String stream, HttpServerResponse response, Context context) {
            this.stream = stream;
            this.response = response;
            this.context = context;
        }

        private void onContext(Runnable action) {
            if (context == null || context == Vertx.currentContext()) {
                action.run();
            } else {
                context.runOnContext(v -> action.run());
            }
        }

        synchronized void offer(String event) {
            if (queue.size() >= queueCapacity) {
                queue.pollFirst();
                dropped.incrementAndGet();
            }
            queue.addLast(event);
        }

        private synchronized String drain() {
            if (queue.isEmpty()) {
                return null;
            }
            StringBuilder sb = new StringBuilder();
            int n = 0;
            while (!queue.isEmpty()) {
                sb.append(queue.pollFirst());
                n++;
            }
            delivered.addAndGet(n);
            return sb.toString();
        }

        /** Writes text on the connection's context (used for the first events of a connection and snapshots). */
        public void send(String chunk) {
            onContext(() -> {
                if (!closed) {
                    response.write(chunk);
                }
            });
        }

        private void flush() {
            onContext(() -> {
                if (closed || response.writeQueueFull()) {
                    return; // a slow client: its queue keeps the newest events, the oldest are dropped and counted
                }
                String chunk = drain();
                if (chunk != null) {
                    response.write(chunk);
                }
            });
        }
    }

    /**
     * Starts an SSE response and registers it for {@code stream}'s predictions ({@code null}: a dashboard
     * subscriber that receives snapshots).
     *
     * @throws GatewayException 503 when {@code gateway.sse-max-subscribers} are already connected
     */
    public Subscriber subscribe(String stream, HttpServerResponse response) {
        if (subscribers.incrementAndGet() > maxSubscribers) {
            subscribers.decrementAndGet();
            throw new GatewayException(503, "too many live-feed subscribers (gateway.sse-max-subscribers = "
                    + maxSubscribers + "); try again later");
        }
        response.setChunked(true).putHeader("Content-Type", "text/event-stream; charset=utf-8")
                .putHeader("Cache-Control", "no-cache").putHeader("X-Accel-Buffering", "no");
        Subscriber s = new Subscriber(stream, response, Vertx.currentContext());
        if (stream == null) {
            dashboards.add(s);
        } else {
            byStream.computeIfAbsent(stream, k -> ConcurrentHashMap.newKeySet()).add(s);
        }
        response.closeHandler(v -> unsubscribe(s));
        response.exceptionHandler(e -> unsubscribe(s));
        s.send("retry: 2000\n\n");
        return s;
    }

    private void unsubscribe(Subscriber s) {
        if (s.closed) {
            return;
        }
        s.closed = true;
        subscribers.decrementAndGet();
        if (s.stream == null) {
            dashboards.remove(s);
        } else {
            byStream.computeIfPresent(s.stream, (k, set) -> {
                set.remove(s);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** Whether anyone listens to {@code stream} (the feed skips encoding otherwise). */
    public boolean hasSubscribers(String stream) {
        return byStream.containsKey(stream);
    }

    /** Queues a prediction event for the subscribers of {@code stream}. */
    public void publish(String stream, JsonObject data) {
        Set<Subscriber> subs = byStream.get(stream);
        if (subs == null) {
            return;
        }
        String event = event("prediction", data);
        for (Subscriber s : subs) {
            s.offer(event);
        }
    }

    /** Writes every subscriber's queued events, and one snapshot (made only if someone listens) to dashboards. */
    public void flush(Supplier<JsonObject> snapshot) {
        for (Set<Subscriber> subs : byStream.values()) {
            for (Subscriber s : subs) {
                s.flush();
            }
        }
        if (!dashboards.isEmpty()) {
            String event = event("snapshot", snapshot.get());
            for (Subscriber s : dashboards) {
                s.onContext(() -> {
                    if (s.closed) {
                        return;
                    }
                    if (!s.response.writeQueueFull()) {
                        s.response.write(event);
                        delivered.incrementAndGet();
                    } else {
                        dropped.incrementAndGet();
                    }
                });
            }
        }
    }

    /** Sends a comment line to every subscriber so that idle connections stay open through proxies. */
    public void keepAlive() {
        for (Set<Subscriber> subs : byStream.values()) {
            subs.forEach(s -> s.send(": keep-alive\n\n"));
        }
        dashboards.forEach(s -> s.send(": keep-alive\n\n"));
    }

    public static String event(String name, JsonObject data) {
        return "event: " + name + "\ndata: " + data.encode() + "\n\n";
    }

    /** Connected live-feed subscribers. */
    public int subscribers() {
        return subscribers.get();
    }

    /** Events dropped from full subscriber queues (slow clients). */
    public long dropped() {
        return dropped.get();
    }

    /** Events written to subscribers. */
    public long delivered() {
        return delivered.get();
    }
}
