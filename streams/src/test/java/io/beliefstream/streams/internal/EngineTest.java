package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.streams.DeadLetterReason;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.EngineStats;
import io.beliefstream.streams.Schemas;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EngineStats stats = new EngineStats();
    private final EngineConfig config = new EngineConfig("127.0.0.1:1", new io.beliefstream.streams.Topics("t."), 4,
            "g", 2, 100, Duration.ofMillis(10), 4096, Duration.ofMillis(5), Duration.ofSeconds(10));
    private final Engine engine = new Engine(config, new LastValueModel(1, new int[] {1, 5}, 0.8), stats);
    private long offset;

    private ConsumerRecord<byte[], byte[]> rec(int partition, String key, String value) {
        return new ConsumerRecord<>("t.observations", partition, offset++,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static String obs(long ts, double v) {
        return "{\"timestamp\":" + ts + ",\"values\":[" + v + "]}";
    }

    private static JsonNode json(ProducerRecord<byte[], byte[]> r) throws Exception {
        return JSON.readTree(r.value());
    }

    @Test
    void shouldPublishOnePredictionPerObservationInOrderPerStream() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> in = new ArrayList<>();
        // three streams, stream a has four observations in this poll; maxBatch is 2 so rounds must split
        for (int i = 0; i < 4; i++) {
            in.add(rec(0, "a", obs(1000 + i, i)));
        }
        in.add(rec(1, "b", obs(1000, 10)));
        in.add(rec(1, "c", obs(1000, 20)));
        Engine.BatchOutput out = engine.process(in);

        assertThat(out.predictions()).isEqualTo(6);
        assertThat(out.deadLetters()).isZero();
        List<JsonNode> forA = new ArrayList<>();
        for (var r : out.records()) {
            assertThat(r.topic()).isEqualTo("t.predictions");
            JsonNode j = json(r);
            assertThat(j.get("schema").asText()).isEqualTo(Schemas.PREDICTION_V1);
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(j.get("stream").asText());
            if (j.get("stream").asText().equals("a")) {
                forA.add(j);
            }
        }
        assertThat(forA).extracting(j -> j.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(forA).extracting(j -> j.get("timestamp").asLong()).containsExactly(1000L, 1001L, 1002L, 1003L);
        // last-value forecaster: the forecast is the observation itself; horizons as configured
        JsonNode last = forA.get(3);
        assertThat(last.at("/forecasts/0/mean/0").asDouble()).isEqualTo(3.0);
        assertThat(last.at("/forecasts/1/horizon").asInt()).isEqualTo(5);
        assertThat(last.at("/model/name").asText()).isEqualTo("last-value");
        assertThat(last.at("/surprise/0/nll").isNumber()).isTrue();
        assertThat(forA.get(0).at("/surprise/0/nll").isNull()).isTrue();
        assertThat(out.offsets()).containsEntry(new TopicPartition("t.observations", 0),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(4));
        assertThat(out.offsets()).containsEntry(new TopicPartition("t.observations", 1),
                new org.apache.kafka.clients.consumer.OffsetAndMetadata(6));
        // maxBatch 2: steps {a1,b} {a2,c} {a3} {a4}
        assertThat(stats.modelSteps()).isEqualTo(4);
        assertThat(engine.streamCount()).isEqualTo(3);
    }

    @Test
    void shouldSendBadRecordsToTheDeadLetterTopicWithReasonSourceAndOriginalBytes() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> in = List.of(
                rec(2, "s", obs(5000, 1)),
                rec(2, "s", "{not json"),
                rec(2, "s", "{\"timestamp\":6000,\"values\":[1,2]}"),
                rec(2, "s", obs(4000, 1)),          // 1 s backwards, tolerance 5 ms
                rec(2, "s", obs(4996, 1)),          // 4 ms backwards: tolerated
                rec(2, null, obs(7000, 1)));
        Engine.BatchOutput out = engine.process(in);
        assertThat(out.predictions()).isEqualTo(2);
        assertThat(out.deadLetters()).isEqualTo(4);
        List<JsonNode> dead = new ArrayList<>();
        for (var r : out.records()) {
            if (r.topic().equals("t.dead-letter")) {
                dead.add(json(r));
            }
        }
        assertThat(dead).extracting(j -> j.get("reason").asText())
                .containsExactly("MALFORMED_JSON", "WRONG_DIMENSION", "TIMESTAMP_BACKWARDS", "BAD_KEY");
        JsonNode first = dead.get(0);
        assertThat(first.get("schema").asText()).isEqualTo(Schemas.DEAD_LETTER_V1);
        assertThat(first.at("/source/topic").asText()).isEqualTo("t.observations");
        assertThat(first.at("/source/partition").asInt()).isEqualTo(2);
        assertThat(first.at("/source/offset").asLong()).isEqualTo(1);
        assertThat(new String(Base64.getDecoder().decode(first.get("value_base64").asText()), StandardCharsets.UTF_8))
                .isEqualTo("{not json");
        assertThat(first.get("detail").asText()).isNotBlank();
        assertThat(stats.deadLetters(DeadLetterReason.TIMESTAMP_BACKWARDS)).isEqualTo(1);
        assertThat(stats.deadLetters()).isEqualTo(4);
        assertThat(engine.state("s").observations()).isEqualTo(2);
    }

    @Test
    void shouldForgetStreamsOfRevokedPartitions() {
        engine.process(List.of(rec(0, "a", obs(1, 1)), rec(1, "b", obs(1, 1))));
        engine.dropPartitions(List.of(0));
        assertThat(engine.state("a")).isNull();
        assertThat(engine.state("b")).isNotNull();
        assertThat(stats.activeStreams()).isEqualTo(1);
    }
}
