package io.beliefstream.streams;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.embedded.EmbeddedKafkaExtension;
import io.beliefstream.models.baseline.LastValueModel;
import io.beliefstream.streams.internal.MessageEncoder;
import io.beliefstream.streams.testing.KafkaTestClient;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, finding 1: each of these records, produced straight to the observations topic of a real broker, used to
 * stop the engine for good. Each must become a dead letter that fits a produce request, and the engine must go on.
 */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class PoisonRecordsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    @Test
    void shouldDeadLetterPoisonRecordsAndGoOnWithTheValidOnes(EmbeddedKafka kafka) throws Exception {
        Vertx vertx = Vertx.vertx();
        EngineConfig config = EngineConfig.defaults(kafka.bootstrapServers())
                .withTopics(new Topics("poison-" + UUID.randomUUID().toString().substring(0, 8) + "."))
                .withSessionTimeout(Duration.ofSeconds(6));
        String observations = config.topics().observations();
        try (StreamsService service = StreamsService.start(vertx, config, new LastValueModel(1, new int[] {1}, 0.8));
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            for (int i = 0; i < 3; i++) {
                client.send(observations, "s1", "{\"timestamp\":" + (1000 + i) + ",\"values\":[" + i + "]}");
            }
            // (a) a far-future ISO timestamp: Instant.parse takes it, its epoch milliseconds overflow a long
            client.send(observations, "s1", "{\"timestamp\":\"+300000000-01-01T00:00:00Z\",\"values\":[1]}");
            // (b) an 800 KB value: its dead letter with the whole original would exceed the producer's request size
            byte[] big = new byte[800 * 1024];
            Arrays.fill(big, (byte) 'v');
            client.sendBytes(observations, "s1".getBytes(StandardCharsets.UTF_8), big);
            // (c) a 1 MB key, which used to be the dead letter's own key as well
            byte[] hugeKey = new byte[1_000_000];
            Arrays.fill(hugeKey, (byte) 'k');
            client.sendBytes(observations, hugeKey, "{\"timestamp\":1,\"values\":[1]}".getBytes(StandardCharsets.UTF_8));
            // finding 2: extreme finite values
            client.send(observations, "s1", "{\"timestamp\":1003,\"values\":[3.4e38]}");
            client.send(observations, "s1", "{\"timestamp\":1004,\"values\":[-3.4e38]}");
            for (int i = 0; i < 5; i++) {
                client.send(observations, "s1", "{\"timestamp\":" + (1005 + i) + ",\"values\":[" + (10 + i) + "]}");
                client.send(observations, "s2", "{\"timestamp\":" + (1005 + i) + ",\"values\":[" + (20 + i) + "]}");
            }

            List<ConsumerRecord<byte[], byte[]>> predictions =
                    client.readAtLeast(config.topics().predictions(), 13, WAIT);
            assertThat(predictions).as("the valid records before and after the poison").hasSize(13);
            List<Long> seqS1 = new ArrayList<>();
            for (var r : predictions) {
                JsonNode p = JSON.readTree(r.value());
                if (p.get("stream").asText().equals("s1")) {
                    seqS1.add(p.get("seq").asLong());
                    assertThat(p.at("/forecasts/0/mean/0").isNumber()).isTrue();
                }
            }
            assertThat(seqS1).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L);

            List<ConsumerRecord<byte[], byte[]>> dead = client.readAtLeast(config.topics().deadLetter(), 5, WAIT);
            assertThat(dead).hasSize(5);
            List<String> reasons = new ArrayList<>();
            for (var r : dead) {
                assertThat(r.serializedValueSize()).isLessThanOrEqualTo(MessageEncoder.MAX_DEAD_LETTER_BYTES);
                JsonNode d = JSON.readTree(r.value());
                String reason = d.get("reason").asText();
                reasons.add(reason);
                if (reason.equals("OVERSIZED")) {
                    assertThat(d.get("original_truncated").asBoolean()).isTrue();
                    assertThat(d.get("original_value_bytes").asLong()).isEqualTo(big.length);
                    assertThat(KafkaTestClient.text(r.key())).isEqualTo("s1");
                }
                if (reason.equals("BAD_KEY")) {
                    assertThat(r.key()).as("no 1 MB key on the dead letter").isNull();
                    assertThat(d.get("original_key_bytes").asLong()).isEqualTo(hugeKey.length);
                }
            }
            assertThat(reasons).containsExactlyInAnyOrder("INVALID_FIELD", "OVERSIZED", "BAD_KEY", "OUT_OF_RANGE", "OUT_OF_RANGE");
            assertThat(service.isRunning()).isTrue();
            assertThat(service.stats().deadLetters()).isEqualTo(5);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
