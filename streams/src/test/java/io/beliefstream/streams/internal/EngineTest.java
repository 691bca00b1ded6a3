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
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class EngineTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final EngineStats stats = new EngineStats();
    private final EngineConfig config = EngineConfig.builder("127.0.0.1:1").topics(new io.beliefstream.streams.Topics("t."))
            .groupId("g").maxBatch(2).maxRecordBytes(4096).timestampTolerance(Duration.ofMillis(5))
            .idleTimeout(Duration.ofSeconds(60)).build();
    /** The state topic as a map, filled from the engine's own checkpoint records. */
    private final java.util.Map<Integer, java.util.Map<String, byte[]>> stateTopic = new java.util.HashMap<>();
    private final Engine.StateReader reader = (partition, ids) -> {
        java.util.Map<String, byte[]> found = new java.util.HashMap<>();
        stateTopic.getOrDefault(partition, java.util.Map.of()).forEach((k, v) -> {
            if (ids.contains(k)) {
                found.put(k, v);
            }
        });
        return found;
    };
    private final LastValueModel model = new LastValueModel(1, new int[] {1, 5}, 0.8);
    private final Engine engine = new Engine(config, model, stats, reader);
    private long now = 1_000_000;
    private long offset;

    private ConsumerRecord<byte[], byte[]> rec(int partition, String key, String value) {
        return new ConsumerRecord<>("t.observations", partition, offset++,
                key == null ? null : key.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static String obs(long ts, double v) {
        return "{\"timestamp\":" + ts + ",\"values\":[" + v + "]}";
    }

    /** Processes like the verticle does and applies the checkpoints to the fake state topic. */
    private Engine.BatchOutput process(List<ConsumerRecord<byte[], byte[]>> in) {
        Engine.BatchOutput out = engine.process(in, now);
        for (var r : out.records()) {
            if (r.topic().equals("t.state")) {
                stateTopic.computeIfAbsent(r.partition(), p -> new java.util.HashMap<>())
                        .put(new String(r.key(), StandardCharsets.UTF_8), r.value());
            }
        }
        return out;
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
        Engine.BatchOutput out = process(in);

        assertThat(out.predictions()).isEqualTo(6);
        assertThat(out.deadLetters()).isZero();
        List<JsonNode> forA = new ArrayList<>();
        for (var r : out.records()) {
            if (r.topic().equals("t.state")) {
                continue;
            }
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
    void shouldCommitTheHighestOffsetPlusOneOfEveryTopicPartitionInThePollDeadLettersIncluded() {
        List<ConsumerRecord<byte[], byte[]>> in = List.of(
                new ConsumerRecord<>("t.observations", 3, 40, "a".getBytes(StandardCharsets.UTF_8),
                        obs(1000, 1).getBytes(StandardCharsets.UTF_8)),
                new ConsumerRecord<>("other", 3, 7, "b".getBytes(StandardCharsets.UTF_8),
                        obs(1000, 1).getBytes(StandardCharsets.UTF_8)),
                new ConsumerRecord<>("t.observations", 17, 5, null, obs(1000, 1).getBytes(StandardCharsets.UTF_8)),
                new ConsumerRecord<>("t.observations", 3, 12, "c".getBytes(StandardCharsets.UTF_8),
                        obs(1000, 1).getBytes(StandardCharsets.UTF_8)),
                new ConsumerRecord<>("t.observations", 0, 0, "d".getBytes(StandardCharsets.UTF_8),
                        "not json".getBytes(StandardCharsets.UTF_8)));
        Engine.BatchOutput out = engine.process(in, now);
        assertThat(out.offsets()).isEqualTo(Map.of(
                new TopicPartition("t.observations", 3), new org.apache.kafka.clients.consumer.OffsetAndMetadata(41),
                new TopicPartition("other", 3), new org.apache.kafka.clients.consumer.OffsetAndMetadata(8),
                new TopicPartition("t.observations", 17), new org.apache.kafka.clients.consumer.OffsetAndMetadata(6),
                new TopicPartition("t.observations", 0), new org.apache.kafka.clients.consumer.OffsetAndMetadata(1)));
        assertThat(out.deadLetters()).isEqualTo(2);
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
        Engine.BatchOutput out = process(in);
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
    void shouldCheckpointEachChangedStreamOnceIntoItsOwnPartition() {
        Engine.BatchOutput out = process(List.of(rec(3, "a", obs(1, 1)), rec(3, "a", obs(2, 2)), rec(1, "b", obs(1, 5))));
        var checkpoints = out.records().stream().filter(r -> r.topic().equals("t.state")).toList();
        assertThat(checkpoints).hasSize(2);
        assertThat(out.checkpoints()).isEqualTo(2);
        assertThat(checkpoints).extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + "@" + r.partition())
                .containsExactlyInAnyOrder("a@3", "b@1");
        StreamEntry a = StateCodec.decode("a", 3, stateTopic.get(3).get("a"), io.beliefstream.streams.ModelSet.of(model));
        assertThat(a.state.observations()).isEqualTo(2);
        // no surprise is scored yet: none before the first forecast, none against the prior-only first forecast
        assertThat(a.normState.count(0)).isZero();
        assertThat(a.lastTimestamp).isEqualTo(2);
    }

    @Test
    void shouldContinueFromRestoredCheckpointsExactlyAsWithoutInterruption() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> first = new ArrayList<>();
        List<ConsumerRecord<byte[], byte[]>> second = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            (i < 20 ? first : second).add(rec(0, "s" + (i % 3), obs(i, Math.sin(i))));
        }
        process(first);
        List<String> uninterrupted = predictions(process(second));

        Engine fresh = new Engine(config, model, new EngineStats(), reader);
        // state as of the end of the first poll: rebuild it from a separate engine that saw only the first poll
        Engine firstOnly = new Engine(config, model, new EngineStats(), reader);
        java.util.Map<String, byte[]> checkpoints = new java.util.HashMap<>();
        for (var r : firstOnly.process(first, now).records()) {
            if (r.topic().equals("t.state")) {
                checkpoints.put(new String(r.key(), StandardCharsets.UTF_8), r.value());
            }
        }
        assertThat(fresh.restore(0, checkpoints, now)).isEqualTo(3);
        List<String> resumed = predictions(fresh.process(second, now));
        assertThat(resumed).isEqualTo(uninterrupted);
    }

    @Test
    void shouldEvictIdleStreamsAndRestoreThemWhenTheyReturn() throws Exception {
        process(List.of(rec(2, "idle", obs(1, 1)), rec(2, "idle", obs(2, 3))));
        now += 30_000;
        process(List.of(rec(2, "busy", obs(1, 1))));
        now += 40_000; // idle last seen 70 s ago, busy 40 s ago; the timeout is 60 s
        assertThat(engine.evictIdle(now)).isEqualTo(1);
        assertThat(engine.state("idle")).isNull();
        assertThat(engine.state("busy")).isNotNull();
        assertThat(stats.streamsEvicted()).isEqualTo(1);
        Engine.BatchOutput back = process(List.of(rec(2, "idle", obs(3, 4))));
        JsonNode p = json(back.records().get(0));
        assertThat(p.get("seq").asLong()).isEqualTo(3); // resumed, not restarted
        assertThat(stats.streamsRestored()).isEqualTo(1);
        assertThat(engine.evictedRemembered()).isZero();
    }

    @Test
    void shouldKeepStatesOnACompatibleHotSwapAndResetThemOtherwise() {
        process(List.of(rec(0, "a", obs(1, 1)), rec(0, "a", obs(2, 2))));
        assertThat(engine.activate(new LastValueModel(1, new int[] {1, 5}, 0.9))).isTrue();
        assertThat(engine.state("a").observations()).isEqualTo(2);
        assertThat(engine.modelInfo().intervalLevel()).isEqualTo(0.9);
        assertThat(engine.activate(new LastValueModel(1, new int[] {1, 3}, 0.9))).isFalse();
        assertThat(engine.state("a").observations()).isZero(); // belief re-initialised, stream still known
        // an old-format belief is re-initialised when read back too; the rest of the checkpoint is kept
        assertThat(engine.restore(0, stateTopic.get(0), now)).isEqualTo(1);
        assertThat(engine.state("a").observations()).isZero();
        Engine.BatchOutput out = process(List.of(rec(0, "a", obs(3, 3))));
        assertThat(out.predictions()).isEqualTo(1);
        assertThat(engine.state("a").observations()).isEqualTo(1);
    }

    private static List<String> predictions(Engine.BatchOutput out) throws Exception {
        List<String> p = new ArrayList<>();
        for (var r : out.records()) {
            if (r.topic().equals("t.predictions")) {
                JsonNode j = json(r);
                ((com.fasterxml.jackson.databind.node.ObjectNode) j).remove("source");
                p.add(j.toString());
            }
        }
        return p;
    }

    @Test
    void shouldForgetStreamsOfRevokedPartitions() {
        process(List.of(rec(0, "a", obs(1, 1)), rec(1, "b", obs(1, 1))));
        engine.dropPartitions(List.of(0));
        assertThat(engine.state("a")).isNull();
        assertThat(engine.state("b")).isNotNull();
        assertThat(stats.activeStreams()).isEqualTo(1);
    }
}
