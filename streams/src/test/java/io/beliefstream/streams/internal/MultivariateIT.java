package io.beliefstream.streams.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.beliefstream.embedded.EmbeddedKafka;
import io.beliefstream.embedded.EmbeddedKafkaExtension;
import io.beliefstream.models.PerDimensionModel;
import io.beliefstream.models.tdvae.TdVaeModel;
import io.beliefstream.models.vqvae.VqVaeModel;
import io.beliefstream.streams.EngineConfig;
import io.beliefstream.streams.ModelSet;
import io.beliefstream.streams.StreamsService;
import io.beliefstream.streams.Topics;
import io.beliefstream.streams.testing.KafkaTestClient;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A multivariate stream served end to end through the real broker with the default models (the univariate TD-VAE
 * bundle and VQ-VAE applied per dimension): every observation gets a prediction with a forecast per dimension, and
 * the dimension of an injected anomaly is the one the prediction names first.
 */
@Tag("integration")
@ExtendWith(EmbeddedKafkaExtension.class)
class MultivariateIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(120);

    @Test
    void shouldServeAMultivariateStreamAndNameTheDimensionOfAnInjectedAnomaly(EmbeddedKafka kafka) throws Exception {
        int dims = EngineMultivariateTest.DIMS;
        ModelSet models = ModelSet.of(new PerDimensionModel(TdVaeModel.loadDefault(new int[] {1, 5}, 0.8), dims),
                VqVaeModel.loadDefault().withOwnCodebook());
        EngineConfig config = EngineConfig.defaults(kafka.bootstrapServers())
                .withTopics(new Topics("mv-" + UUID.randomUUID().toString().substring(0, 8) + "."));
        Vertx vertx = Vertx.vertx();
        try (StreamsService service = StreamsService.start(vertx, config, models);
                KafkaTestClient client = new KafkaTestClient(kafka.bootstrapServers())) {
            Random rnd = new Random(16);
            int streams = 3;
            int steps = 720;
            int shiftFrom = 700;
            for (int t = 0; t < steps; t++) {
                for (int s = 0; s < streams; s++) {
                    StringBuilder values = new StringBuilder();
                    for (int d = 0; d < dims; d++) {
                        values.append(d == 0 ? "" : ",")
                                .append((float) EngineMultivariateTest.value(s, t, d, rnd, 1, 2, shiftFrom, 710));
                    }
                    client.send(config.topics().observations(), "machine-" + s,
                            "{\"timestamp\":" + (60_000L * t) + ",\"values\":[" + values + "]}");
                }
            }
            List<ConsumerRecord<byte[], byte[]>> predictions =
                    client.readAtLeast(config.topics().predictions(), streams * steps, WAIT);
            assertThat(predictions).hasSize(streams * steps);
            JsonNode onset = null;
            for (ConsumerRecord<byte[], byte[]> r : predictions.stream()
                    .sorted(Comparator.comparingLong(ConsumerRecord::offset)).toList()) {
                JsonNode p = JSON.readTree(r.value());
                assertThat(p.at("/forecasts/0/mean").size()).isEqualTo(dims);
                if (p.get("stream").asText().equals("machine-1") && p.get("seq").asLong() > shiftFrom
                        && p.at("/anomaly/flag").asBoolean() && (onset == null
                        || p.get("seq").asLong() < onset.get("seq").asLong())) {
                    onset = p;
                }
            }
            assertThat(onset).as("the shift of machine-1's dimension 2 is flagged").isNotNull();
            assertThat(onset.get("seq").asLong()).isLessThanOrEqualTo(shiftFrom + 6);
            assertThat(onset.at("/anomaly/dimensions/0/dim").asInt()).as(onset.at("/anomaly").toString()).isEqualTo(2);
            assertThat(onset.at("/anomaly/dimensions/0/share").asDouble()).isGreaterThan(0.5);
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get();
        }
    }
}
