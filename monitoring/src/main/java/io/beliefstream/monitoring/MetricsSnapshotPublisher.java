package io.beliefstream.monitoring;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Measurement;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a JSON snapshot of every meter to the metrics topic at a fixed interval, keyed by instance id (schema
 * {@value #SCHEMA}, documented in docs/schemas.md): for consumers that read Kafka rather than scrape Prometheus.
 * Runs on one daemon thread; a failed send is logged and counted, never fatal.
 */
public final class MetricsSnapshotPublisher implements AutoCloseable {
    /** Schema id of a metrics snapshot. */
    public static final String SCHEMA = "beliefstream.metrics/v1";
    /** Default interval between snapshots. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(MetricsSnapshotPublisher.class);

    private final Monitoring monitoring;
    private final String topic;
    private final String instance;
    private final Clock clock;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ScheduledExecutorService timer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final JsonFactory json = new JsonFactory();

    private MetricsSnapshotPublisher(Monitoring monitoring, String bootstrap, String topic, String instance,
            Clock clock) {
        this.monitoring = monitoring;
        this.topic = topic;
        this.instance = instance;
        this.clock = clock;
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, instance + "-metrics");
        p.put(ProducerConfig.ACKS_CONFIG, "1");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        this.producer = new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer());
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, instance + "-metrics-snapshots");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Starts publishing every {@code interval}.
     *
     * @throws IllegalArgumentException naming {@code metrics.snapshot-interval-ms} when the interval is under 100 ms
     */
    public static MetricsSnapshotPublisher start(Monitoring monitoring, String bootstrap, String topic, String instance,
            Duration interval) {
        if (interval == null || interval.toMillis() < 100) {
            throw new IllegalArgumentException("metrics.snapshot-interval-ms must be at least 100, got " + interval);
        }
        MetricsSnapshotPublisher p = new MetricsSnapshotPublisher(monitoring, bootstrap, topic, instance, Clock.SYSTEM);
        p.timer.scheduleAtFixedRate(p::publishQuietly, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return p;
    }

    private void publishQuietly() {
        try {
            byte[] value = snapshot();
            producer.send(new ProducerRecord<>(topic, instance.getBytes(StandardCharsets.UTF_8), value), (md, e) -> {
                if (e != null) {
                    failed.incrementAndGet();
                    LOG.warn("metrics snapshot not published: {}", e.toString());
                } else {
                    sent.incrementAndGet();
                }
            });
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            LOG.warn("metrics snapshot not published: {}", e.toString());
        }
    }

    /**
     * One snapshot: {@code {"schema", "instance", "timestamp", "meters": [{"name", "type", "tags": {...},
     * "values": {statistic: number}}]}}, meters sorted by name; non-finite values are written as null.
     */
    public byte[] snapshot() {
        monitoring.refresh();
        List<Meter> meters = monitoring.registry().getMeters().stream()
                .sorted(Comparator.comparing((Meter m) -> m.getId().getName())
                        .thenComparing(m -> m.getId().getTags().toString()))
                .toList();
        ByteArrayBuilder buffer = new ByteArrayBuilder(16 * 1024);
        try (JsonGenerator g = json.createGenerator(buffer, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField("schema", SCHEMA);
            g.writeStringField("instance", instance);
            g.writeNumberField("timestamp", clock.wallTime());
            g.writeArrayFieldStart("meters");
            for (Meter m : meters) {
                g.writeStartObject();
                g.writeStringField("name", m.getId().getName());
                g.writeStringField("type", m.getId().getType().name().toLowerCase(java.util.Locale.ROOT));
                if (m.getId().getBaseUnit() != null) {
                    g.writeStringField("unit", m.getId().getBaseUnit());
                }
                g.writeObjectFieldStart("tags");
                for (Tag t : m.getId().getTags()) {
                    g.writeStringField(t.getKey(), t.getValue());
                }
                g.writeEndObject();
                g.writeObjectFieldStart("values");
                for (Measurement x : m.measure()) {
                    g.writeFieldName(x.getStatistic().getTagValueRepresentation());
                    double v = x.getValue();
                    if (Double.isFinite(v)) {
                        g.writeNumber(v);
                    } else {
                        g.writeNull();
                    }
                }
                g.writeEndObject();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return buffer.toByteArray();
    }

    /** Snapshots acknowledged by the broker. */
    public long sent() {
        return sent.get();
    }

    /** Snapshots that could not be published. */
    public long failed() {
        return failed.get();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
