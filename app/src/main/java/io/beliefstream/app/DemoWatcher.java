package io.beliefstream.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * Reads what the service published, as any downstream consumer would (read_committed, its own group): counts
 * predictions and dead letters, and keeps the latest prediction per stream for the demo's status lines.
 */
final class DemoWatcher implements Runnable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String predictions;
    private final AtomicLong predictionCount = new AtomicLong();
    private final AtomicLong deadLetterCount = new AtomicLong();
    private final Map<String, JsonNode> latest = new ConcurrentHashMap<>();
    private final Map<String, Long> deadByReason = new ConcurrentHashMap<>();
    private volatile boolean running = true;

    DemoWatcher(String bootstrap, String predictions, String deadLetter) {
        this.predictions = predictions;
        this.consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap, "group.id",
                "beliefstream-demo-watcher-" + ProcessHandle.current().pid(), "auto.offset.reset", "earliest",
                "isolation.level", "read_committed", "enable.auto.commit", false),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(predictions, deadLetter));
    }

    @Override
    public void run() {
        try {
            while (running) {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (r.topic().equals(predictions)) {
                        predictionCount.incrementAndGet();
                        latest.put(new String(r.key(), StandardCharsets.UTF_8), parse(r.value()));
                    } else {
                        deadLetterCount.incrementAndGet();
                        deadByReason.merge(parse(r.value()).path("reason").asText("?"), 1L, Long::sum);
                    }
                });
            }
        } catch (WakeupException e) {
            // stopping
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static JsonNode parse(byte[] value) {
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return JSON.createObjectNode();
        }
    }

    void stop() {
        running = false;
        consumer.wakeup();
    }

    long predictions() {
        return predictionCount.get();
    }

    long deadLetters() {
        return deadLetterCount.get();
    }

    Map<String, Long> deadLettersByReason() {
        return Map.copyOf(deadByReason);
    }

    Set<String> streams() {
        return Set.copyOf(latest.keySet());
    }

    JsonNode latest(String stream) {
        return latest.get(stream);
    }
}
