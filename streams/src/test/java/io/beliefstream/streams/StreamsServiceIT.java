package io.beliefstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.embedded.EmbeddedKafkaExtension;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.streams.testing.KafkaTestClient;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class StreamsServiceIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private Vertx vertx;
    private final List<AutoCloseable> closeables = new ArrayList<>();

    @BeforeEach
    void setUp() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get();
    }

    private EngineConfig config(EmbeddedKafka kafka) {
        return EngineConfig.defaults(kafka.bootstrapServers())
                .withTopics(new Topics("it-" + UUID.randomUUID().toString().substring(0, 8) + "."))
                .withSessionTimeout(Duration.ofSeconds(6));
    }

    private StreamsService start(EngineConfig config) {
        StreamsService s = StreamsService.start(vertx, config, new LastValueModel(1, new int[] {1, 5, 20}, 0.8));
        closeables.add(s);
        return s;
    }

    @Test
    void shouldTurnObservationsIntoPredictionsAndBadRecordsIntoDeadLetters(EmbeddedKafka kafka) throws Exception {
        assertPredictionsAndDeadLetters(kafka, config(kafka));
    }

    @Test
    void shouldPublishTheSameWithEveryCommitOverlapModeAndWithoutRefetch(EmbeddedKafka kafka) throws Exception {
        for (EngineConfig.CommitOverlap mode : EngineConfig.CommitOverlap.values()) {
            assertPredictionsAndDeadLetters(kafka, config(kafka).toBuilder().commitOverlap(mode).build());
        }
        assertPredictionsAndDeadLetters(kafka, config(kafka).toBuilder().refetchWait(Duration.ZERO).build());
    }

    private void assertPredictionsAndDeadLetters(EmbeddedKafka kafka, EngineConfig config) throws Exception {
        StreamsService service = start(config);
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
        closeables.add(client);
        int streams = 5;
        int perStream = 20;
        for (int i = 0; i < perStream; i++) {
            for (int s = 0; s < streams; s++) {
                client.send(config.topics().observations(), "sensor-" + s,
                        "{\"timestamp\":" + (1_000 + i) + ",\"values\":[" + (s * 100 + i) + "]}");
            }
            if (i == 7) {
                client.send(config.topics().observations(), "sensor-0", "{\"timestamp\":5,\"values\":[oops]}");
                client.send(config.topics().observations(), "sensor-1", "{\"timestamp\":1010,\"values\":[1,2]}");
            }
        }
        List<ConsumerRecord<byte[], byte[]>> predictions =
                client.readAtLeast(config.topics().predictions(), streams * perStream, WAIT);
        assertThat(predictions).hasSize(streams * perStream);
        Map<String, List<Long>> seqByStream = new HashMap<>();
        for (var r : predictions) {
            JsonNode j = JSON.readTree(r.value());
            seqByStream.computeIfAbsent(j.get("stream").asText(), k -> new ArrayList<>()).add(j.get("seq").asLong());
            // last-value: each forecast equals the observation it follows
            assertThat(j.at("/forecasts/2/mean/0").asDouble()).isEqualTo(j.at("/observation/0").asDouble());
            assertThat(j.at("/forecasts/2/horizon").asInt()).isEqualTo(20);
            // every prediction record carries its binary summary, which says what the JSON says
            Header header = r.headers().lastHeader(PredictionSummary.HEADER);
            assertThat(header).as("summary header").isNotNull();
            PredictionSummary summary = PredictionSummary.decode(header.value());
            assertThat(summary).isNotNull();
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(j.get("stream").asText());
            assertThat(summary.timestamp()).isEqualTo(j.get("timestamp").asLong());
            assertThat(summary.seq()).isEqualTo(j.get("seq").asLong());
            assertThat(summary.observation()).containsExactly(Float.parseFloat(j.at("/observation/0").asText()));
            assertThat(summary.horizons()).containsExactly(1, 5, 20);
            assertThat(summary.forecasts()[6]).isEqualTo(Float.parseFloat(j.at("/forecasts/2/mean/0").asText()));
            assertThat(summary.forecasts()[8]).isEqualTo(Float.parseFloat(j.at("/forecasts/2/upper/0").asText()));
            assertThat(summary.model()).isEqualTo("last-value");
        }
        assertThat(seqByStream).hasSize(streams);
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= perStream; i++) {
            expected.add(i);
        }
        seqByStream.values().forEach(seqs -> assertThat(seqs).containsExactlyElementsOf(expected));

        List<ConsumerRecord<byte[], byte[]>> dead = client.readAtLeast(config.topics().deadLetter(), 2, WAIT);
        assertThat(dead).hasSize(2);
        List<String> reasons = new ArrayList<>();
        for (var r : dead) {
            JsonNode j = JSON.readTree(r.value());
            reasons.add(j.get("reason").asText());
            assertThat(j.at("/source/topic").asText()).isEqualTo(config.topics().observations());
            assertThat(j.at("/source/offset").asLong()).isGreaterThanOrEqualTo(0);
        }
        assertThat(reasons).containsExactlyInAnyOrder("MALFORMED_JSON", "WRONG_DIMENSION");
        assertThat(service.stats().predictionsOut()).isEqualTo(streams * perStream);
        assertThat(service.stats().deadLetters()).isEqualTo(2);
    }

    @Test
    void shouldDeadLetterEveryKindOfBadInputAndLeaveTheValidRecordsAroundItUnaffected(EmbeddedKafka kafka)
            throws Exception {
        EngineConfig config = config(kafka);
        start(config);
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
        closeables.add(client);
        String topic = config.topics().observations();
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("MALFORMED_JSON", "{\"timestamp\": 10, \"values\": [1.0");
        bad.put("MISSING_FIELD", "{\"values\": [1.0]}");
        bad.put("INVALID_FIELD", "{\"timestamp\": 10, \"values\": [\"one\"]}");
        bad.put("NON_FINITE", "{\"timestamp\": 10, \"values\": [NaN]}");
        bad.put("WRONG_DIMENSION", "{\"timestamp\": 10, \"values\": [1.0, 2.0]}");
        bad.put("TIMESTAMP_BACKWARDS", "{\"timestamp\": 1, \"values\": [1.0]}");
        bad.put("OVERSIZED", "{\"timestamp\": 10, \"values\": [" + "1.0,".repeat(20_000) + "1.0]}");
        int step = 0;
        List<String> sentBad = new ArrayList<>();
        for (var e : bad.entrySet()) {
            // valid records of the same stream before and after each bad one
            client.send(topic, "victim", "{\"timestamp\":" + (100 + step) + ",\"values\":[" + step++ + "]}");
            client.send(topic, "victim", e.getValue());
            sentBad.add(e.getKey());
            client.send(topic, "victim", "{\"timestamp\":" + (100 + step) + ",\"values\":[" + step++ + "]}");
        }
        client.send(topic, null, "{\"timestamp\": 10, \"values\": [1.0]}");
        sentBad.add("BAD_KEY");
        List<ConsumerRecord<byte[], byte[]>> dead = client.readAtLeast(config.topics().deadLetter(), sentBad.size(), WAIT);
        List<String> reasons = new ArrayList<>();
        for (var r : dead) {
            reasons.add(JSON.readTree(r.value()).get("reason").asText());
        }
        assertThat(reasons).containsExactlyInAnyOrderElementsOf(sentBad);
        List<ConsumerRecord<byte[], byte[]>> predictions = client.readAtLeast(config.topics().predictions(), step, WAIT);
        assertThat(predictions).hasSize(step);
        for (int i = 0; i < step; i++) {
            JsonNode j = JSON.readTree(predictions.get(i).value());
            assertThat(j.get("seq").asLong()).isEqualTo(i + 1);
            assertThat(j.at("/observation/0").asDouble()).isEqualTo(i);
        }
    }

    @Test
    void shouldSplitPartitionsBetweenTwoInstancesOfOneGroup(EmbeddedKafka kafka) throws Exception {
        EngineConfig config = config(kafka);
        StreamsService a = start(config);
        assertThat(a.awaitAssignment(WAIT)).isTrue();
        StreamsService b = start(config);
        assertThat(b.awaitAssignment(WAIT)).isTrue();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline && (a.assignment().isEmpty() || b.assignment().isEmpty()
                || a.assignment().size() + b.assignment().size() != config.partitions())) {
            Thread.sleep(100);
        }
        Set<TopicPartition> union = new HashSet<>(a.assignment());
        union.addAll(b.assignment());
        assertThat(a.assignment()).isNotEmpty();
        assertThat(b.assignment()).isNotEmpty();
        assertThat(a.assignment()).doesNotContainAnyElementsOf(b.assignment());
        assertThat(union).hasSize(config.partitions());

        // and both serve: streams spread over all partitions all get predictions
        KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers());
        closeables.add(client);
        for (int s = 0; s < 40; s++) {
            client.send(config.topics().observations(), "s" + s, "{\"timestamp\":1,\"values\":[1]}");
        }
        assertThat(client.readAtLeast(config.topics().predictions(), 40, WAIT)).hasSize(40);
        assertThat(a.stats().predictionsOut()).isPositive();
        assertThat(b.stats().predictionsOut()).isPositive();
        assertThat(a.stats().predictionsOut() + b.stats().predictionsOut()).isEqualTo(40);
    }
}
