package io.beliefstream.gateway;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** A minimal Server-Sent Events reader for tests: events land in a queue; every wait is bounded. */
final class SseClient implements AutoCloseable {
    record Event(String name, JsonObject data) {}

    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Thread reader;
    private final int status;
    private volatile Stream<String> lines;

    SseClient(HttpClient http, String url, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        HttpResponse<Stream<String>> response = http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofLines())
                .get(20, TimeUnit.SECONDS);
        status = response.statusCode();
        lines = response.body();
        reader = new Thread(() -> {
            String name = "message";
            StringBuilder data = new StringBuilder();
            try {
                Iterator<String> it = lines.iterator();
                while (it.hasNext()) {
                    String line = it.next();
                    if (line.isEmpty()) {
                        if (data.length() > 0) {
                            events.add(new Event(name, new JsonObject(data.toString())));
                        }
                        name = "message";
                        data.setLength(0);
                    } else if (line.startsWith("event:")) {
                        name = line.substring(6).trim();
                    } else if (line.startsWith("data:")) {
                        data.append(line.substring(5).trim());
                    }
                }
            } catch (RuntimeException e) {
                // closed
            }
        }, "sse-test-reader");
        reader.setDaemon(true);
        reader.start();
    }

    int status() {
        return status;
    }

    /** Collects events until {@code done} holds for the list so far, or the timeout passes. */
    List<Event> collect(Predicate<List<Event>> done, Duration timeout) throws InterruptedException {
        List<Event> seen = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.test(seen)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Event e = events.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (e != null) {
                seen.add(e);
            }
        }
        return seen;
    }

    @Override
    public void close() {
        Stream<String> l = lines;
        if (l != null) {
            l.close();
        }
    }
}
