package io.beliefstream.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.DoubleHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code beliefstream bench e2e}: drives the engine through a real broker (embedded unless {@code --kafka}) at a
 * target rate over N streams for a bounded time, and reports achieved throughput, produce-to-prediction latency
 * percentiles (observation timestamp = send time, read back from the predictions topic with read_committed), heap
 * per stream and the consumer lag when the load stops. Everything runs in this one JVM: broker, engine, load
 * generator and reader share the machine's cores, which the figures include.
 */
@Command(name = "e2e", mixinStandardHelpOptions = true,
        description = "End-to-end load benchmark through a real Kafka broker; prints and optionally writes JSON.")
final class BenchE2eCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    CommonOptions common;

    @Option(names = "--streams", required = true, paramLabel = "N", description = "Distinct streams (keys).")
    int streams;

    @Option(names = "--rate", required = true, paramLabel = "OBS_PER_S", description = "Target observations/s.")
    int rate;

    @Option(names = "--duration", required = true, paramLabel = "SECONDS", description = "Load duration.")
    int duration;

    @Option(names = "--json", paramLabel = "FILE", description = "Write the figures as JSON to FILE.")
    Path json;

    @Option(names = "--drain-timeout", paramLabel = "SECONDS", defaultValue = "120",
            description = "Most seconds to wait for the engine to catch up after the load (default: ${DEFAULT-VALUE}).")
    int drainTimeout;

    @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "0",
            description = "Seconds of load at the same rate before --duration; their latencies are not counted "
                    + "(default: ${DEFAULT-VALUE}): the JIT compiles the broker's, the clients' and the engine's code for the "
                    + "first one to two minutes on 2 cores. throughput covers the rest of the load; "
                    + "throughput_whole_run and final_lag the whole run.")
    int warmup;

    @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "0",
            description = "Also report every SECONDS of the load (0: only the totals; default: ${DEFAULT-VALUE}): "
                    + "throughput, latency percentiles of the observations sent in that interval, heap after the last "
                    + "GC and consumer lag, as a line each and as the JSON array intervals (a soak run).")
    int interval;

    @Option(names = "--retention", paramLabel = "SECONDS", defaultValue = "600",
            description = "With the embedded broker: how long its delete-policy topics (observations, predictions, "
                    + "dead letters, metrics) keep records (default: ${DEFAULT-VALUE}), so that a long run at a high "
                    + "rate does not fill the disk; compacted topics (state, codebooks) are compacted as usual.")
    int retention;

    @Option(names = "--engine-only", description = "Run the engine without the HTTP gateway and its prediction feed "
            + "in this process (as when the gateway runs on other instances); by default the whole service runs.")
    boolean engineOnly;

    @Override
    public Integer call() throws Exception {
        if (streams < 1 || streams > 10_000_000 || rate < 1 || rate > 5_000_000 || duration < 1 || duration > 3600
                || drainTimeout < 1 || warmup < 0 || warmup > 3600 || interval < 0 || interval > 3600 || retention < 60) {
            throw new Settings.ConfigException("--streams must be in [1, 10000000], --rate in [1, 5000000], "
                    + "--duration, --warmup and --interval in [1, 3600], [0, 3600] and [0, 3600] seconds, "
                    + "--drain-timeout at least 1, --retention at least 60");
        }
        Settings settings = common.settings();
        // 256 MB segments so retention can delete closed ones while the run goes on
        ServiceRuntime runtime = ServiceRuntime.start(settings, !engineOnly, Map.of(
                "log.retention.ms", String.valueOf(TimeUnit.SECONDS.toMillis(retention)),
                "log.segment.bytes", String.valueOf(256 << 20),
                "log.retention.check.interval.ms", "30000"));
        try {
            return run(runtime);
        } finally {
            runtime.close();
        }
    }

    private int run(ServiceRuntime runtime) throws Exception {
        var topics = runtime.engineConfig.topics();
        if (!runtime.streams.awaitAssignment(Duration.ofSeconds(60))) {
            throw new IllegalStateException("the engine got no partitions within 60 s");
        }
        long heapBefore = usedHeapAfterGc();
        Timings timings = new Timings();
        runtime.streams.stats().setListener(timings);
        LatencyReader reader = new LatencyReader(runtime.bootstrap, topics.predictions());
        Thread readerThread = new Thread(reader, "bench-reader");
        readerThread.start();
        byte[][] keys = new byte[streams][];
        for (int s = 0; s < streams; s++) {
            keys[s] = ("bench-" + s).getBytes(StandardCharsets.UTF_8);
        }
        long sent = 0;
        long t0 = System.nanoTime();
        long end = t0 + TimeUnit.SECONDS.toNanos(duration + warmup);
        // the measured window: from the end of the warm-up to the end of the load
        long windowStart = t0 + TimeUnit.SECONDS.toNanos(warmup);
        long processedAtWindowStart = warmup == 0 ? runtime.streams.stats().observationsIn() : -1;
        long lagAtWindowStart = 0;
        reader.countFrom = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(warmup);
        timings.countFrom = reader.countFrom;
        Intervals intervals = new Intervals(runtime, reader, t0);
        long nextReport = interval == 0 ? Long.MAX_VALUE : t0 + TimeUnit.SECONDS.toNanos(interval);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", runtime.bootstrap,
                "acks", "1", "linger.ms", 2, "batch.size", 262_144, "compression.type", "lz4"),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                if (now >= nextReport) {
                    intervals.report(now);
                    nextReport += TimeUnit.SECONDS.toNanos(interval);
                }
                if (processedAtWindowStart < 0 && now >= windowStart) {
                    processedAtWindowStart = runtime.streams.stats().observationsIn();
                    lagAtWindowStart = runtime.streams.stats().consumerLag();
                    windowStart = now;
                }
                long due = (long) ((now - t0) / 1e9 * rate);
                if (sent >= due) {
                    Thread.sleep(0, 200_000);
                    continue;
                }
                long ms = System.currentTimeMillis();
                for (; sent < due; sent++) {
                    int s = (int) (sent % streams);
                    double v = Math.sin(sent / (double) streams * 0.2 + s);
                    byte[] value = ("{\"timestamp\":" + ms + ",\"values\":[" + (float) v + "]}")
                            .getBytes(StandardCharsets.UTF_8);
                    producer.send(new ProducerRecord<>(topics.observations(), keys[s], value));
                }
            }
            producer.flush();
        }
        long loadEnd = System.nanoTime();
        if (interval > 0) {
            intervals.report(loadEnd);
        }
        long processedInWindow = runtime.streams.stats().observationsIn() - processedAtWindowStart;
        long windowNanos = loadEnd - windowStart;
        long loadNanos = loadEnd - t0;
        long lagAtEnd = runtime.streams.stats().consumerLag();
        long received = reader.count.get();
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(drainTimeout);
        while (reader.count.get() < sent && System.nanoTime() < drainDeadline) {
            Thread.sleep(100);
        }
        long drainedNanos = System.nanoTime() - t0;
        reader.stop();
        readerThread.join(10_000);
        long processed = runtime.streams.stats().observationsIn();
        long heapAfter = usedHeapAfterGc();
        long held = runtime.streams.stats().activeStreams();
        long estimate = runtime.streams.streamHeapBytes();
        reader.drainInto(intervals.latency, intervals.visible);
        Histogram lat = intervals.latency;
        ObjectNode out = JSON.createObjectNode();
        out.put("streams", streams);
        out.put("target_rate", rate);
        out.put("duration_s", duration);
        out.put("sent", sent);
        out.put("offered_rate", sent / (loadNanos / 1e9));
        // observations the engine processed per second during the measured window (warm-up excluded): the offered
        // rate when it keeps up, its capacity when it does not (then final_lag grows)
        out.put("throughput", processedInWindow / (windowNanos / 1e9));
        out.put("throughput_whole_run", processed / (drainedNanos / 1e9));
        out.put("throughput_during_load", received / (loadNanos / 1e9));
        out.put("latency_ms_p50", percentile(lat, 50));
        out.put("latency_ms_p99", percentile(lat, 99));
        out.put("latency_ms_p999", percentile(lat, 99.9));
        out.put("latency_samples", lat.getTotalCount());
        out.put("streams_held", held);
        out.put("heap_bytes_per_stream", held == 0 ? 0 : Math.max(0, heapAfter - heapBefore) / (double) held);
        out.put("heap_bytes_per_stream_estimate", held == 0 ? 0 : estimate / (double) held);
        out.put("final_lag", lagAtEnd);
        // with final_lag: a lag that fell over the window means the offered rate was sustained after the warm-up
        out.put("lag_at_window_start", lagAtWindowStart);
        out.put("lag_after_drain", Math.max(0, sent - reader.count.get()));
        out.put("batches", timings.batches.sum());
        out.put("records_per_batch", timings.records.sum() / (double) Math.max(1, timings.batches.sum()));
        out.put("batch_ms_mean", timings.batchNanos.sum() / 1e6 / Math.max(1, timings.batches.sum()));
        out.put("commit_ms_mean", timings.commitNanos.sum() / 1e6 / Math.max(1, timings.commits.sum()));
        out.put("model_step_us_per_stream", timings.stepNanos.sum() / 1e3 / Math.max(1, timings.stepStreams.sum()));
        out.set("stages_ms", timings.stages());
        out.put("reader_ms_p50", percentile(intervals.visible, 50));
        out.put("reader_ms_p99", percentile(intervals.visible, 99));
        out.put("model", runtime.streams.modelInfo().name());
        out.put("gateway_in_process", !engineOnly);
        out.put("warmup_s", warmup);
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        if (interval > 0) {
            out.set("intervals", intervals.rows);
        }
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(out);
        System.out.println(text);
        System.out.printf(Locale.ROOT, "e2e: %d streams, target %d/s: throughput %.0f obs/s, latency p50 %.1f ms, p99 %.1f ms, "
                + "p99.9 %.1f ms, heap %.0f B/stream, lag at end %d%n", streams, rate, out.get("throughput").asDouble(),
                out.get("latency_ms_p50").asDouble(), out.get("latency_ms_p99").asDouble(),
                out.get("latency_ms_p999").asDouble(), out.get("heap_bytes_per_stream").asDouble(), lagAtEnd);
        if (json != null) {
            Path parent = json.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(json, text);
        }
        return 0;
    }

    /** Sums of the engine's timing events. */
    private static final class Timings implements io.beliefstream.streams.EngineStats.Listener {
        final java.util.concurrent.atomic.LongAdder batches = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder records = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder batchNanos = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder commits = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder commitNanos = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder stepStreams = new java.util.concurrent.atomic.LongAdder();
        final java.util.concurrent.atomic.LongAdder stepNanos = new java.util.concurrent.atomic.LongAdder();

        @Override
        public void modelStep(int streams, long nanos) {
            stepStreams.add(streams);
            stepNanos.add(nanos);
        }

        @Override
        public void batch(int n, long nanos) {
            batches.increment();
            records.add(n);
            batchNanos.add(nanos);
        }

        @Override
        public void commit(long nanos) {
            commits.increment();
            commitNanos.add(nanos);
        }

        /** Batches polled before this wall-clock millisecond (the warm-up) are not kept. */
        volatile long countFrom = Long.MAX_VALUE;
        private final List<io.beliefstream.streams.EngineStats.Timeline> timelines = new java.util.ArrayList<>();

        @Override
        public void timeline(io.beliefstream.streams.EngineStats.Timeline t) {
            if (t.polledMillis() >= countFrom) {
                synchronized (timelines) {
                    if (timelines.size() < 1_000_000) {
                        timelines.add(t);
                    }
                }
            }
        }

        /**
         * Per batch stage, p50 / p99 / mean in ms: the oldest record's age when polled, poll to processing start,
         * processing, processing end to transaction start (waiting for the previous commit and the next poll),
         * sends and offsets, commitTransaction, and the record timestamps' span within a poll.
         */
        ObjectNode stages() {
            List<io.beliefstream.streams.EngineStats.Timeline> ts;
            synchronized (timelines) {
                ts = List.copyOf(timelines);
            }
            ObjectNode o = JSON.createObjectNode();
            o.put("batches", ts.size());
            stage(o, "record_age_at_poll", ts, t -> (double) (t.polledMillis() - t.oldestRecordMillis()));
            stage(o, "record_span_in_poll", ts, t -> (double) (t.newestRecordMillis() - t.oldestRecordMillis()));
            stage(o, "poll_to_process", ts, t -> (t.processStart() - t.polled()) / 1e6);
            stage(o, "process", ts, t -> (t.processEnd() - t.processStart()) / 1e6);
            stage(o, "process_to_txn", ts, t -> (t.commitStart() - t.processEnd()) / 1e6);
            stage(o, "send_and_offsets", ts, t -> (t.sent() - t.commitStart()) / 1e6);
            stage(o, "commit", ts, t -> (t.commitEnd() - t.sent()) / 1e6);
            stage(o, "poll_to_committed", ts, t -> (t.commitEnd() - t.polled()) / 1e6);
            stage(o, "records", ts, t -> (double) t.records());
            return o;
        }

        private static void stage(ObjectNode o, String name, List<io.beliefstream.streams.EngineStats.Timeline> ts,
                java.util.function.ToDoubleFunction<io.beliefstream.streams.EngineStats.Timeline> f) {
            DoubleHistogram h = new DoubleHistogram(3);
            double sum = 0;
            for (var t : ts) {
                double v = Math.max(0, f.applyAsDouble(t));
                h.recordValue(v);
                sum += v;
            }
            ObjectNode s = o.putObject(name);
            boolean empty = ts.isEmpty();
            s.put("p50", empty ? Double.NaN : h.getValueAtPercentile(50));
            s.put("p99", empty ? Double.NaN : h.getValueAtPercentile(99));
            s.put("mean", empty ? Double.NaN : sum / ts.size());
        }
    }

    /** The nearest-rank percentile in milliseconds (exact below 2,048 ms, 3 significant digits above). */
    private static double percentile(Histogram h, double percent) {
        return h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(percent);
    }

    /** Used heap after the most recent collection of each heap pool (no GC forced: a soak is not disturbed). */
    static long heapAfterLastGc() {
        long used = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            var after = pool.getType() == MemoryType.HEAP ? pool.getCollectionUsage() : null;
            used += after == null ? 0 : after.getUsed();
        }
        return used;
    }

    /**
     * The soak view of a run: every {@code --interval} seconds one row with the throughput of that interval, the
     * latency percentiles of the predictions read in it, heap after the last GC and consumer lag. The interval
     * histograms also add up to the run's totals.
     */
    private static final class Intervals {
        final Histogram latency = new Histogram(3);
        final Histogram visible = new Histogram(3);
        final ArrayNode rows = JSON.createArrayNode();
        private final ServiceRuntime runtime;
        private final LatencyReader reader;
        private final long t0;
        private long lastNanos;
        private long lastProcessed;

        Intervals(ServiceRuntime runtime, LatencyReader reader, long t0) {
            this.runtime = runtime;
            this.reader = reader;
            this.t0 = t0;
            this.lastNanos = t0;
            this.lastProcessed = runtime.streams.stats().observationsIn();
        }

        void report(long now) {
            Histogram h = reader.drainInto(latency, visible);
            long processed = runtime.streams.stats().observationsIn();
            ObjectNode row = rows.addObject();
            row.put("t_s", Math.round((now - t0) / 1e9));
            row.put("throughput", (processed - lastProcessed) / ((now - lastNanos) / 1e9));
            row.put("latency_ms_p50", percentile(h, 50));
            row.put("latency_ms_p99", percentile(h, 99));
            row.put("latency_ms_p999", percentile(h, 99.9));
            row.put("latency_samples", h.getTotalCount());
            row.put("heap_after_gc_bytes", heapAfterLastGc());
            row.put("lag", runtime.streams.stats().consumerLag());
            lastNanos = now;
            lastProcessed = processed;
            System.out.printf(Locale.ROOT, "interval t=%ds: %.0f obs/s, p50 %.0f ms, p99 %.0f ms, p99.9 %.0f ms, heap after GC %d MB, "
                    + "lag %d%n", row.get("t_s").asLong(), row.get("throughput").asDouble(),
                    row.get("latency_ms_p50").asDouble(), row.get("latency_ms_p99").asDouble(),
                    row.get("latency_ms_p999").asDouble(), row.get("heap_after_gc_bytes").asLong() >> 20,
                    row.get("lag").asLong());
        }
    }

    /** Used heap after a few full GCs. */
    static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Reads predictions and records produce-to-prediction latency in milliseconds into interval histograms. */
    private static final class LatencyReader implements Runnable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final Recorder samples = new Recorder(3);
        /** Receive time minus the prediction record's timestamp (the engine's send): the commit and the fetch. */
        private final Recorder visible = new Recorder(3);
        private Histogram samplesInterval;
        private Histogram visibleInterval;
        final AtomicLong count = new AtomicLong();
        private volatile boolean running = true;
        /** Observations sent before this wall-clock millisecond (the warm-up) are not sampled. */
        volatile long countFrom;

        LatencyReader(String bootstrap, String topic) {
            consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id",
                    "bench-reader-" + System.nanoTime(), "auto.offset.reset", "latest", "isolation.level",
                    "read_committed", "enable.auto.commit", false, "max.poll.records", 10_000),
                    new ByteArrayDeserializer(), new ByteArrayDeserializer());
            consumer.subscribe(List.of(topic));
            // join the group before the load starts, so nothing is missed at "latest"
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
        }

        @Override
        public void run() {
            try {
                while (running) {
                    var records = consumer.poll(Duration.ofMillis(100));
                    long now = System.currentTimeMillis();
                    for (var r : records) {
                        long ts = timestampOf(r.value());
                        if (ts > 0 && ts >= countFrom) {
                            visible.recordValue(Math.max(0, now - r.timestamp()));
                            samples.recordValue(Math.max(0, now - ts));
                        }
                        count.incrementAndGet();
                    }
                }
            } finally {
                consumer.close(Duration.ofSeconds(2));
            }
        }

        private static final byte[] TIMESTAMP_KEY = "\"timestamp\":".getBytes(StandardCharsets.US_ASCII);

        /**
         * The prediction's "timestamp" field, read straight from the bytes (it is the first number after the key, in
         * the first 200 bytes); -1 when absent. No string or tree per record: the reader shares the engine's cores.
         */
        static long timestampOf(byte[] v) {
            int limit = Math.min(v.length, 200) - TIMESTAMP_KEY.length;
            outer:
            for (int i = 0; i <= limit; i++) {
                for (int k = 0; k < TIMESTAMP_KEY.length; k++) {
                    if (v[i + k] != TIMESTAMP_KEY[k]) {
                        continue outer;
                    }
                }
                long x = 0;
                int j = i + TIMESTAMP_KEY.length;
                int start = j;
                while (j < v.length && v[j] >= '0' && v[j] <= '9') {
                    x = x * 10 + (v[j++] - '0');
                }
                return j == start ? -1 : x;
            }
            return -1;
        }

        void stop() {
            running = false;
        }

        /**
         * Moves what was recorded since the last call into the totals (produce-to-prediction and visible latency);
         * returns the produce-to-prediction histogram of that interval (valid until the next call).
         */
        synchronized Histogram drainInto(Histogram latencyTotal, Histogram visibleTotal) {
            samplesInterval = samples.getIntervalHistogram(samplesInterval);
            visibleInterval = visible.getIntervalHistogram(visibleInterval);
            latencyTotal.add(samplesInterval);
            visibleTotal.add(visibleInterval);
            return samplesInterval;
        }
    }
}
