package io.beliefstream.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.embedded.EmbeddedKafka;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, deliverable 5: the broker stopped and started again (same ports, same data) under a running service, with
 * observations on both sides of the outage. The predictions topic, read with read_committed, holds exactly one
 * prediction per observation (no loss, no duplicate), and {@code /health/ready} reports the broker's absence (503,
 * {@code kafka: DOWN}) and its return (200). Its own broker, not the suite's shared one, since it stops it. Every wait
 * is for a condition, bounded by {@link #WAIT}.
 */
@Tag("integration")
class BrokerRestartIT {
    static final Duration WAIT = Duration.ofSeconds(120);
    static final int STREAMS = 20;
    static final int BEFORE = 3_000;
    static final int DURING = 1_000;
    static final int AFTER = 2_000;
    static final int TOTAL = BEFORE + DURING + AFTER;
    /** How long the broker stays away once readiness said so: longer than the engine's transaction timeout. */
    static final Duration OUTAGE = Duration.ofSeconds(12);
    static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void shouldLoseAndDuplicateNothingAcrossABrokerRestartAndReportItInReadiness() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Settings settings = Settings.resolve(Map.of("kafka.bootstrap", kafka.bootstrapServers(), "http.port", "0",
                    "topics.prefix", "restart-it.", "model.forecaster", "last-value", "model.scorer", "none",
                    "metrics.snapshot-interval-ms", "0", "engine.session-timeout-ms", "6000",
                    "engine.transaction-timeout-ms", "10000"), Map.of(), Optional.empty());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            try (ServiceRuntime service = ServiceRuntime.start(settings)) {
                String ready = "http://127.0.0.1:" + service.http.port() + "/health/ready";
                JsonNode up = awaitReadiness(http, ready, 200);
                assertThat(up.at("/checks/kafka").asText()).isEqualTo("UP");
                String observations = service.engineConfig.topics().observations();

                try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                    produce(producer, observations, 0, BEFORE);
                    kafka.stop();
                    JsonNode down = awaitReadiness(http, ready, 503);
                    assertThat(down.at("/checks/kafka").asText()).isEqualTo("DOWN");
                    assertThat(down.get("status").asText()).isEqualTo("DOWN");
                    // a client goes on sending while the broker is away: its sends block until the broker is back
                    ExecutorService client = Executors.newSingleThreadExecutor();
                    try {
                        Future<?> during = client.submit(() -> produce(producer, observations, BEFORE, DURING));
                        // the outage outlasts the engine's transaction timeout (10 s here)
                        Thread.sleep(OUTAGE.toMillis());
                        kafka.restart();
                        during.get(WAIT.toSeconds(), TimeUnit.SECONDS);
                    } finally {
                        client.shutdownNow();
                    }
                    producer.flush();
                }
                assertThat(awaitReadiness(http, ready, 200).at("/checks/kafka").asText()).isEqualTo("UP");
                try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                    produce(producer, observations, BEFORE + DURING, AFTER);
                    producer.flush();
                }

                String predictions = service.engineConfig.topics().predictions();
                List<ConsumerRecord<byte[], byte[]>> out = readCommitted(kafka.bootstrapServers(), predictions,
                        TOTAL);
                Set<String> distinct = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : out) {
                    JsonNode p = JSON.readTree(r.value());
                    distinct.add(p.get("stream").asText() + "@" + p.get("timestamp").asLong());
                }
                assertThat(out).as("one prediction per observation").hasSize(TOTAL);
                assertThat(distinct).as("no observation predicted twice").hasSize(TOTAL);
                assertThat(service.streams.isRunning()).isTrue();
            }
        }
    }

    /** The engine producer's {@code max.block.ms} in the long-outage test (engine.producer-timeout-ms). */
    static final Duration PRODUCER_TIMEOUT = Duration.ofSeconds(3);

    /**
     * The follow-up of issue 13: an outage longer than the engine producer's {@code max.block.ms} used to stop the
     * engine for good ({@code SendOffsetsToTransaction timed out}). The broker is stopped while the engine is busy
     * (small polls, so transactions follow one another and one is open when the broker goes), stays away for three
     * times the producer timeout (the recovery's own attempts time out meanwhile), and comes back: the engine
     * recovers by itself, readiness is down while it recovers and up after, and the predictions topic holds exactly
     * one prediction per observation.
     */
    @Test
    void shouldRecoverByItselfFromAnOutageLongerThanTheProducerTimeout() throws Exception {
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            Settings settings = Settings.resolve(Map.of("kafka.bootstrap", kafka.bootstrapServers(), "http.port", "0",
                    "topics.prefix", "outage-it.", "model.forecaster", "last-value", "model.scorer", "none",
                    "metrics.snapshot-interval-ms", "0", "engine.session-timeout-ms", "6000",
                    "engine.transaction-timeout-ms", "10000", "engine.max-poll-records", "5",
                    "engine.producer-timeout-ms", String.valueOf(PRODUCER_TIMEOUT.toMillis())), Map.of(),
                    Optional.empty());
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            try (ServiceRuntime service = ServiceRuntime.start(settings)) {
                String ready = "http://127.0.0.1:" + service.http.port() + "/health/ready";
                awaitReadiness(http, ready, 200);
                String observations = service.engineConfig.topics().observations();
                try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                    produce(producer, observations, 0, BEFORE);
                    producer.flush();
                }
                // the engine is working through BEFORE records, 5 a transaction, when the broker goes
                awaitCondition("the engine publishes", () -> service.streams.stats().predictionsOut() >= 100);
                long stoppedAt = System.nanoTime();
                kafka.stop();
                awaitCondition("a recovery begins", () -> service.streams.stats().recoveries() >= 1);
                JsonNode down = awaitReadiness(http, ready, 503);
                assertThat(down.at("/checks/engine").asText()).as("engine readiness while recovering")
                        .isEqualTo("DOWN");
                assertThat(service.streams.isRunning()).isTrue();
                long outage = PRODUCER_TIMEOUT.multipliedBy(3).toNanos() - (System.nanoTime() - stoppedAt);
                if (outage > 0) {
                    Thread.sleep(TimeUnit.NANOSECONDS.toMillis(outage)); // the outage's length, not a verdict
                }
                kafka.restart();
                JsonNode up = awaitReadiness(http, ready, 200);
                assertThat(up.at("/checks/engine").asText()).isEqualTo("UP");
                try (KafkaProducer<byte[], byte[]> producer = producer(kafka.bootstrapServers())) {
                    produce(producer, observations, BEFORE, AFTER);
                    producer.flush();
                }
                int total = BEFORE + AFTER;
                List<ConsumerRecord<byte[], byte[]>> out = readCommitted(kafka.bootstrapServers(),
                        service.engineConfig.topics().predictions(), total);
                Set<String> distinct = new HashSet<>();
                for (ConsumerRecord<byte[], byte[]> r : out) {
                    JsonNode p = JSON.readTree(r.value());
                    distinct.add(p.get("stream").asText() + "@" + p.get("timestamp").asLong());
                }
                assertThat(out).as("one prediction per observation").hasSize(total);
                assertThat(distinct).as("no observation predicted twice").hasSize(total);
                assertThat(service.streams.isRunning()).as("engine running, failure %s", service.streams.failure())
                        .isTrue();
                assertThat(service.streams.stats().recoveries()).isGreaterThanOrEqualTo(1);
            }
        }
    }

    /** Waits (bounded by {@link #WAIT}) until {@code condition} holds. */
    static void awaitCondition(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertThat(condition.getAsBoolean()).as(what).isTrue();
    }

    /** Polls readiness until it answers {@code status}; returns its body. */
    static JsonNode awaitReadiness(HttpClient http, String url, int status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> r;
        do {
            r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == status) {
                break;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        assertThat(r.statusCode()).as("readiness %s", r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** An idempotent producer that waits out an outage (sends block or buffer for up to two minutes). */
    static KafkaProducer<byte[], byte[]> producer(String bootstrap) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap, "acks", "all", "enable.idempotence", true,
                "max.block.ms", 120_000, "delivery.timeout.ms", 120_000), new ByteArraySerializer(),
                new ByteArraySerializer());
    }

    /** Observations {@code from .. from + n - 1}, round-robin over the streams, timestamps rising per stream. */
    static void produce(KafkaProducer<byte[], byte[]> p, String topic, int from, int n) {
        for (int i = from; i < from + n; i++) {
            String stream = "restart-" + (i % STREAMS);
            String value = "{\"timestamp\":" + (1_700_000_000_000L + i * 1_000L) + ",\"values\":["
                    + Math.sin(i * 0.1) + "]}";
            p.send(new ProducerRecord<>(topic, stream.getBytes(StandardCharsets.UTF_8),
                    value.getBytes(StandardCharsets.UTF_8)));
        }
    }

    /**
     * The committed records of {@code topic}: polls from the start until {@code expected} arrived (bounded by WAIT),
     * then on to the end offsets of that moment, so a duplicate committed with them would be counted too.
     */
    static List<ConsumerRecord<byte[], byte[]>> readCommitted(String bootstrap, String topic, int expected) {
        List<ConsumerRecord<byte[], byte[]>> seen = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> c = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "enable.auto.commit", false, "isolation.level", "read_committed"), new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = c.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            c.assign(partitions);
            c.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (seen.size() < expected && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
            Map<TopicPartition, Long> end = c.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> c.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                c.poll(Duration.ofMillis(200)).forEach(seen::add);
            }
        }
        return seen;
    }
}
