package io.beliefstream.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.embedded.EmbeddedKafkaExtension;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.testing.KafkaTestClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Periodic JSON snapshots of the meters reach the metrics topic of a real broker. */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class MetricsSnapshotIT {

    @Test
    void shouldPublishPeriodicJsonSnapshotsOfEveryMeterToTheMetricsTopic(EmbeddedKafka kafka) throws Exception {
        String topic = "metrics-it-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        EngineStats stats = new EngineStats();
        stats.recordBatch(9, 8, 8, 1);
        try (Monitoring monitoring = MetricsDocumentationTest.monitoringWithEveryBinder(stats);
                MetricsSnapshotPublisher publisher = MetricsSnapshotPublisher.start(monitoring,
                        kafka.bootstrapServers(), topic, "instance-a", Duration.ofMillis(200));
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            List<ConsumerRecord<byte[], byte[]>> records = client.readAtLeast(topic, 2, Duration.ofSeconds(60));
            assertThat(records).hasSizeGreaterThanOrEqualTo(2);
            List<Long> times = new ArrayList<>();
            for (ConsumerRecord<byte[], byte[]> r : records) {
                assertThat(KafkaTestClient.text(r.key())).isEqualTo("instance-a");
                JsonNode s = new ObjectMapper().readTree(r.value());
                assertThat(s.get("schema").asText()).isEqualTo(MetricsSnapshotPublisher.SCHEMA);
                times.add(s.get("timestamp").asLong());
                JsonNode observations = null;
                for (JsonNode m : s.get("meters")) {
                    if (m.get("name").asText().equals(EngineMetrics.OBSERVATIONS)) {
                        observations = m;
                    }
                }
                assertThat(observations).isNotNull();
                assertThat(observations.get("type").asText()).isEqualTo("counter");
                assertThat(observations.at("/values/count").asDouble()).isEqualTo(8.0);
                assertThat(observations.at("/tags/service").asText()).isEqualTo("beliefstream");
            }
            assertThat(times).isSorted();
            assertThat(publisher.sent()).isGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void shouldRefuseIntervalsUnder100Milliseconds() {
        try (Monitoring monitoring = new Monitoring()) {
            assertThatThrownBy(() -> MetricsSnapshotPublisher.start(monitoring, "127.0.0.1:1", "t", "i",
                    Duration.ofMillis(5))).hasMessageContaining("metrics.snapshot-interval-ms");
        }
    }
}
