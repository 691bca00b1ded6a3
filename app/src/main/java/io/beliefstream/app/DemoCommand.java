package io.beliefstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code beliefstream demo}: embedded broker, the service, a demo feed and a watcher, with status lines. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Starts an embedded Kafka broker (unless --kafka is given), the service, and a demo feed that "
                + "replays the real NAB series nyc_taxi and synthetic noisy harmonic oscillators, plus a few "
                + "malformed records to show the dead-letter path. Prints where to look and a status line every "
                + "few seconds. Runs until Ctrl-C, or for --duration seconds."})
final class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Option(names = "--duration", paramLabel = "SECONDS", description = "Stop by itself after this many seconds.")
    Integer duration;

    @Option(names = "--summary-json", paramLabel = "FILE",
            description = "With --duration: write a JSON summary (observations_in, predictions_out, dead_letters, "
                    + "streams, ...) to FILE on exit.")
    Path summaryJson;

    @Option(names = "--rate", paramLabel = "OBS_PER_S", defaultValue = "100",
            description = "Observations per second the feed sends, over all streams (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = "--oscillators", paramLabel = "N", defaultValue = "4",
            description = "Synthetic oscillator streams beside the real series (default: ${DEFAULT-VALUE}).")
    int oscillators;

    @Option(names = "--status-every", paramLabel = "SECONDS", defaultValue = "5",
            description = "Seconds between status lines (default: ${DEFAULT-VALUE}).")
    int statusEvery;

    @Override
    public Integer call() throws Exception {
        if (duration != null && duration < 1) {
            throw new Settings.ConfigException("--duration must be at least 1 second, got " + duration);
        }
        if (summaryJson != null && duration == null) {
            throw new Settings.ConfigException("--summary-json needs --duration");
        }
        if (!(rate > 0 && rate <= 1_000_000) || oscillators < 0 || oscillators > 10_000 || statusEvery < 1) {
            throw new Settings.ConfigException("--rate must be in (0, 1000000], --oscillators in [0, 10000], "
                    + "--status-every at least 1");
        }
        Settings settings = common.settings();
        PrintStream out = System.out;
        long started = System.nanoTime();
        ServiceRuntime runtime = ServiceRuntime.start(settings);
        MultivariateDemoEngine machines;
        try {
            machines = MultivariateDemoEngine.start(runtime, settings);
        } catch (RuntimeException e) {
            runtime.close();
            throw e;
        }
        var topics = runtime.engineConfig.topics();
        DemoFeed feed = new DemoFeed(runtime.bootstrap, topics.observations(), oscillators, rate, 42)
                .withMachine(machines.topics.observations());
        DemoWatcher watcher = new DemoWatcher(runtime.bootstrap, topics.predictions(), topics.deadLetter());
        Thread feedThread = new Thread(feed, "beliefstream-demo-feed");
        Thread watchThread = new Thread(watcher, "beliefstream-demo-watcher");
        CountDownLatch stop = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stop.countDown();
            shutdown(feed, feedThread, watcher, watchThread, machines, runtime);
        }, "beliefstream-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        feedThread.start();
        watchThread.start();

        String base = "http://" + settings.gatewayConfig().host() + ":" + runtime.http.port();
        out.println();
        out.println("BeliefStream demo is running (model: " + runtime.streams.modelInfo().name() + ")");
        out.println("  Kafka             " + runtime.bootstrap + (runtime.broker != null ? "  (embedded, 127.0.0.1)" : ""));
        out.println("  Input topic       " + topics.observations() + "   key = stream id, value = "
                + "{\"timestamp\": ms, \"values\": [x]}");
        out.println("  Output topics     " + topics.predictions() + ", " + topics.deadLetter());
        out.println("  Streams fed       " + DemoFeed.TAXI_STREAM + " (real, NAB realKnownCause), oscillator-0.."
                + (oscillators - 1) + " (synthetic), " + (int) rate + " observations/s in all");
        out.println("  Multivariate      " + DemoFeed.Machine.STREAM + ": " + DemoFeed.Machine.DIMS
                + " metrics (cpu, memory, latency, errors) into " + machines.topics.observations()
                + ", served by a second engine; a latency incident every " + DemoFeed.Machine.INCIDENT_EVERY
                + " steps, the predictions name the dimension (anomaly.dimensions)");
        out.println("  Malformed records " + DemoFeed.malformedRecords().size()
                + " sent after a warm-up, to show the dead-letter path");
        out.println("  Dashboard         " + base + "/");
        out.println("  HTTP API          " + base + "/v1/streams  (contract: " + base + "/openapi.json)");
        out.println("  Health            " + base + "/health/ready");
        out.println("  Metrics           " + base + "/metrics");
        out.println("  Message schemas   docs/schemas.md");
        out.println(duration == null ? "Press Ctrl-C to stop." : "Stopping by itself after " + duration + " s.");
        out.println();

        // the duration counts from the moment the feed starts, not from JVM or broker start-up
        long deadline = duration == null ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(duration);
        while (System.nanoTime() < deadline) {
            long left = Math.min(TimeUnit.SECONDS.toNanos(statusEvery), deadline - System.nanoTime());
            if (stop.await(Math.max(1, left), TimeUnit.NANOSECONDS)) {
                return 0; // Ctrl-C: the hook shuts down
            }
            if (!runtime.streams.isRunning()) {
                out.println("engine stopped: " + runtime.streams.failure());
                return 1;
            }
            if (!machines.streams.isRunning()) {
                out.println("multivariate engine stopped: " + machines.streams.failure());
                return 1;
            }
            out.println(status(runtime, watcher));
        }
        feed.stop();
        feedThread.join(10_000);
        // let the engine and the watcher catch up with everything sent (bounded wait)
        long settle = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < settle && (watcher.predictions() < feed.validSent()
                || watcher.deadLetters() < feed.malformedSent())) {
            Thread.sleep(100);
        }
        out.println(status(runtime, watcher));
        if (summaryJson != null) {
            ObjectNode s = JSON.createObjectNode();
            s.put("observations_in", runtime.streams.stats().observationsIn()
                    + machines.streams.stats().observationsIn());
            s.put("records_in", runtime.streams.stats().recordsIn() + machines.streams.stats().recordsIn());
            s.put("observations_sent", feed.validSent());
            s.put("malformed_sent", feed.malformedSent());
            s.put("predictions_out", watcher.predictions());
            s.put("dead_letters", watcher.deadLetters());
            s.set("dead_letters_by_reason", JSON.valueToTree(new TreeMap<>(watcher.deadLettersByReason())));
            s.put("streams", watcher.streams().size());
            JsonNode machine = watcher.latest(DemoFeed.Machine.STREAM);
            s.put("multivariate_dimensions", machine == null ? 0 : machine.at("/observation").size());
            s.put("model", runtime.streams.modelInfo().name());
            s.put("duration_s", (System.nanoTime() - started) / 1e9);
            Path parent = summaryJson.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            JSON.writerWithDefaultPrettyPrinter().writeValue(summaryJson.toFile(), s);
            out.println("summary written to " + summaryJson);
        }
        Runtime.getRuntime().removeShutdownHook(hook);
        shutdown(feed, feedThread, watcher, watchThread, machines, runtime);
        return 0;
    }

    private static String status(ServiceRuntime runtime, DemoWatcher watcher) {
        var stats = runtime.streams.stats();
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "observations %,d | predictions %,d | dead letters %,d | streams %d", stats.observationsIn(),
                watcher.predictions(), watcher.deadLetters(), stats.activeStreams()));
        JsonNode taxi = watcher.latest(DemoFeed.TAXI_STREAM);
        if (taxi != null && taxi.path("forecasts").size() > 0) {
            JsonNode f = taxi.path("forecasts").get(taxi.path("forecasts").size() - 1);
            line.append(String.format(Locale.ROOT, " | %s now %.0f, +%d steps: %.0f [%.0f, %.0f]",
                    DemoFeed.TAXI_STREAM, taxi.at("/observation/0").asDouble(), f.path("horizon").asInt(),
                    f.at("/mean/0").asDouble(), f.at("/lower/0").asDouble(), f.at("/upper/0").asDouble()));
        }
        return line.toString();
    }

    private static void shutdown(DemoFeed feed, Thread feedThread, DemoWatcher watcher, Thread watchThread,
            MultivariateDemoEngine machines, ServiceRuntime runtime) {
        feed.stop();
        try {
            feedThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        feed.close();
        watcher.stop();
        try {
            watchThread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        machines.close();
        runtime.close();
    }
}
